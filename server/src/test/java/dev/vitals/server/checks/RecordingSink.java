package dev.vitals.server.checks;

import java.util.ArrayList;
import java.util.List;

/** A {@link StatusSink} that keeps every call, as {@code "service=STATUS"}. */
final class RecordingSink implements StatusSink {
  private final List<String> calls = new ArrayList<>();

  @Override
  public synchronized void set(String service, ServiceStatus status) {
    calls.add(service + "=" + status);
  }

  synchronized List<String> calls() {
    return List.copyOf(calls);
  }

  /** The calls since the last {@code take()}. */
  synchronized List<String> take() {
    List<String> copy = List.copyOf(calls);
    calls.clear();
    return copy;
  }
}
