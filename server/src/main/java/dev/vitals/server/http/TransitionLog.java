package dev.vitals.server.http;

import dev.vitals.common.HealthStatus;
import dev.vitals.server.status.ChangeListener;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The last {@value #CAPACITY} status changes of any service, newest last, for the status page; and
 * which services are flapping (at least {@value #FLAPPING_CHANGES} changes within {@link
 * #FLAPPING_WINDOW}). Bounded whatever happens: old entries drop off.
 */
final class TransitionLog implements ChangeListener {
  static final int CAPACITY = 50;
  static final int FLAPPING_CHANGES = 4;
  static final Duration FLAPPING_WINDOW = Duration.ofMinutes(1);

  /** One change: {@code SERVICE_UNKNOWN} for "not registered". */
  record Entry(String service, HealthStatus from, HealthStatus to, Instant at) {}

  private final ArrayDeque<Entry> entries = new ArrayDeque<>(CAPACITY);

  @Override
  public void onChange(String service, HealthStatus from, HealthStatus to, Instant at) {
    synchronized (entries) {
      if (entries.size() == CAPACITY) {
        entries.removeFirst();
      }
      entries.addLast(new Entry(service, from, to, at));
    }
  }

  /** The changes kept, oldest first. */
  List<Entry> entries() {
    synchronized (entries) {
      return new ArrayList<>(entries);
    }
  }

  /** The services that changed at least {@value #FLAPPING_CHANGES} times in the window to now. */
  static Set<String> flapping(List<Entry> entries, Instant now) {
    Instant since = now.minus(FLAPPING_WINDOW);
    Map<String, Integer> counts = new HashMap<>();
    Set<String> flapping = new TreeSet<>();
    for (Entry entry : entries) {
      if (entry.at().isAfter(since)
          && counts.merge(entry.service(), 1, Integer::sum) >= FLAPPING_CHANGES) {
        flapping.add(entry.service());
      }
    }
    return flapping;
  }
}
