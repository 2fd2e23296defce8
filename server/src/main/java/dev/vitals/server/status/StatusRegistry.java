package dev.vitals.server.status;

import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.vitals.common.HealthStatus;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The one status registry behind every health surface: grpc.health.v1 Check, Watch and List, the
 * original {@code /Health/check}, and the admin API.
 *
 * <p>Thread-safe. Reads never lock. Changes and watcher subscriptions take one lock, so a watcher
 * sees every change after the status it started with, in order, and listeners are told while the
 * lock is held (they only record the status and hand it to the transport).
 *
 * <p>The whole server is the service {@code ""}: it is always registered and cannot be cleared.
 *
 * @see <a href="https://github.com/grpc/grpc/blob/master/doc/health-checking.md">gRPC Health
 *     Checking Protocol</a>
 */
public final class StatusRegistry {
  /** The name of the whole server. */
  public static final String SERVER = "";

  private final Clock clock;
  private final Object lock = new Object();
  private final ConcurrentHashMap<String, ServiceState> states = new ConcurrentHashMap<>();

  @GuardedBy("lock")
  private final Map<String, Set<StatusListener>> listeners = new ConcurrentHashMap<>();

  private final AtomicInteger watcherCount = new AtomicInteger();

  /** A leader's name to the service that takes each of its statuses. */
  @GuardedBy("lock")
  private final Map<String, String> followers = new HashMap<>();

  /** Told about every change, with the lock held. */
  private final List<ChangeListener> changeListeners = new CopyOnWriteArrayList<>();

  /**
   * Once set, statuses are frozen at NOT_SERVING. Set with {@link #lock} held (so no update slips
   * in after it); volatile for {@link #isDraining}, which reads it without the lock.
   */
  private volatile boolean draining;

  /** Once set, new listeners are told the registry is closed. */
  @GuardedBy("lock")
  private boolean closed;

  /** The most listeners subscribed at once; beyond it, new ones are refused. */
  private final int maxWatchers;

  /** A registry with no limit on listeners. */
  public StatusRegistry(Clock clock) {
    this(clock, Integer.MAX_VALUE);
  }

  /**
   * A registry that holds at most {@code maxWatchers} listeners at once.
   *
   * @param clock the clock for "last changed" times
   * @param maxWatchers the most listeners subscribed at once; more are refused
   */
  public StatusRegistry(Clock clock, int maxWatchers) {
    this.clock = requireNonNull(clock, "clock");
    this.maxWatchers = maxWatchers;
    states.put(SERVER, new ServiceState(HealthStatus.NOT_SERVING, clock.instant()));
  }

  /**
   * Sets a service's status, registering it if needed, and tells its watchers if it changed.
   *
   * @return the previous status, empty if the service was not registered
   * @throws IllegalArgumentException if the name is not valid (blank, over 1,024 bytes, control
   *     characters), or for {@link HealthStatus#SERVICE_UNKNOWN}, which only {@link #clear} gives
   * @throws IllegalStateException if the server is draining: statuses stay NOT_SERVING
   */
  public Optional<HealthStatus> set(String service, HealthStatus status) {
    requireNonNull(service, "service");
    requireNonNull(status, "status");
    if (!status.isSettable()) {
      throw new IllegalArgumentException(status + " cannot be set; clear the service instead");
    }
    String problem = ServiceNames.problem(service);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    synchronized (lock) {
      if (draining) {
        throw new IllegalStateException("the server is draining: statuses stay NOT_SERVING");
      }
      return Optional.ofNullable(update(service, status));
    }
  }

  /**
   * Unregisters a service: Check answers NOT_FOUND for it and its watchers see SERVICE_UNKNOWN.
   *
   * @return whether the service was registered
   * @throws IllegalArgumentException for {@code ""}: the whole server cannot be cleared
   * @throws IllegalStateException if the server is draining
   */
  public boolean clear(String service) {
    requireNonNull(service, "service");
    if (service.equals(SERVER)) {
      throw new IllegalArgumentException(
          "the whole server (\"\") cannot be cleared; set it to NOT_SERVING instead");
    }
    synchronized (lock) {
      if (draining) {
        throw new IllegalStateException("the server is draining: statuses stay NOT_SERVING");
      }
      ServiceState removed = states.remove(service);
      if (removed == null) {
        return false;
      }
      notify(service, HealthStatus.SERVICE_UNKNOWN);
      changed(service, removed.status(), HealthStatus.SERVICE_UNKNOWN, clock.instant());
      return true;
    }
  }

  /** The service's status, empty if it is not registered. */
  public Optional<HealthStatus> get(String service) {
    requireNonNull(service, "service");
    ServiceState state = states.get(service);
    return state == null ? Optional.empty() : Optional.of(state.status());
  }

  /** The status, or {@code null} if not registered: the allocation-free lookup for hot paths. */
  public @Nullable HealthStatus statusOrNull(String service) {
    ServiceState state = states.get(service);
    return state == null ? null : state.status();
  }

  /** A snapshot of every registered service (including {@code ""}), sorted by name. */
  public SortedMap<String, ServiceState> states() {
    return Collections.unmodifiableSortedMap(new TreeMap<>(states));
  }

  /** How many services are registered, including {@code ""}. */
  public int size() {
    return states.size();
  }

  /** How many listeners (Watch streams) are subscribed. */
  public int watcherCount() {
    return watcherCount.get();
  }

  /**
   * How many listeners (Watch streams) are subscribed to each name, registered or not; names
   * without listeners are left out.
   */
  public Map<String, Integer> watcherCounts() {
    Map<String, Integer> counts = new TreeMap<>();
    synchronized (lock) {
      listeners.forEach((service, set) -> counts.put(service, set.size()));
    }
    counts.values().removeIf(count -> count == 0);
    return counts;
  }

  /**
   * Tells {@code listener} about every later change of any service (not the current statuses: read
   * {@link #states()} after adding it). Listeners cannot be removed: they live as long as the
   * registry.
   */
  public void addChangeListener(ChangeListener listener) {
    changeListeners.add(requireNonNull(listener, "listener"));
  }

  /** Whether the drain has begun: statuses are NOT_SERVING and can no longer be changed. */
  public boolean isDraining() {
    return draining;
  }

  /**
   * Subscribes {@code listener} to {@code service} and tells it the current status ({@link
   * HealthStatus#SERVICE_UNKNOWN} if not registered) before any later change. If the registry is
   * closed the listener is told {@link StatusListener#onClosed}, and if {@code maxWatchers}
   * listeners are already subscribed {@link StatusListener#onRefused}; either way it is not
   * subscribed.
   */
  public void subscribe(String service, StatusListener listener) {
    synchronized (lock) {
      if (closed) {
        listener.onClosed();
        return;
      }
      if (watcherCount.get() >= maxWatchers) {
        listener.onRefused(maxWatchers);
        return;
      }
      listeners.computeIfAbsent(service, k -> ConcurrentHashMap.newKeySet()).add(listener);
      watcherCount.incrementAndGet();
      ServiceState state = states.get(service);
      listener.onStatus(state == null ? HealthStatus.SERVICE_UNKNOWN : state.status());
    }
  }

  /** Unsubscribes {@code listener}; a no-op if it is not subscribed. */
  public void unsubscribe(String service, StatusListener listener) {
    synchronized (lock) {
      Set<StatusListener> set = listeners.get(service);
      if (set != null && set.remove(listener)) {
        watcherCount.decrementAndGet();
        if (set.isEmpty()) {
          listeners.remove(service);
        }
      }
    }
  }

  /**
   * Makes {@code follower} take {@code leader}'s status now (if the leader is registered) and at
   * each of its later changes, with the same watcher notifications as any change. A status set on
   * the follower itself lasts until the leader's next change. The readiness probe profile follows
   * {@code ""} this way.
   *
   * @throws IllegalArgumentException if either name is not valid, or following would make a cycle
   */
  public void follow(String follower, String leader) {
    requireNonNull(follower, "follower");
    requireNonNull(leader, "leader");
    for (String name : List.of(follower, leader)) {
      String problem = ServiceNames.problem(name);
      if (problem != null) {
        throw new IllegalArgumentException(problem);
      }
    }
    if (follower.equals(leader)) {
      throw new IllegalArgumentException("a service cannot follow itself");
    }
    synchronized (lock) {
      for (String next = follower; next != null; next = followers.get(next)) {
        if (next.equals(leader)) {
          throw new IllegalArgumentException("following would make a cycle");
        }
      }
      followers.put(leader, follower);
      ServiceState state = states.get(leader);
      if (state != null) {
        update(follower, state.status());
      }
    }
  }

  /**
   * Starts the drain: every service, {@code ""} included, goes NOT_SERVING (watchers are told), and
   * later changes are refused. Idempotent.
   */
  public void drain() {
    synchronized (lock) {
      draining = true;
      for (String service : new ArrayList<>(states.keySet())) {
        update(service, HealthStatus.NOT_SERVING);
      }
    }
  }

  /**
   * Tells every listener that the registry is closing and tells new ones so at once, so that no
   * Watch stream keeps the server alive. Idempotent.
   */
  public void closeWatchers() {
    List<StatusListener> all = new ArrayList<>();
    synchronized (lock) {
      closed = true;
      listeners.values().forEach(all::addAll);
      listeners.clear();
      watcherCount.addAndGet(-all.size());
      for (StatusListener listener : all) {
        listener.onClosed();
      }
    }
  }

  /** Sets the status with the lock held; returns the previous one, null if there was none. */
  @GuardedBy("lock")
  private @Nullable HealthStatus update(String service, HealthStatus status) {
    ServiceState previous = states.get(service);
    if (previous != null && previous.status() == status) {
      return status;
    }
    ServiceState next = new ServiceState(status, clock.instant());
    states.put(service, next);
    notify(service, status);
    changed(
        service,
        previous == null ? HealthStatus.SERVICE_UNKNOWN : previous.status(),
        status,
        next.lastChanged());
    String follower = followers.get(service);
    if (follower != null) {
      update(follower, status);
    }
    return previous == null ? null : previous.status();
  }

  @GuardedBy("lock")
  private void changed(String service, HealthStatus from, HealthStatus to, java.time.Instant at) {
    for (ChangeListener listener : changeListeners) {
      listener.onChange(service, from, to, at);
    }
  }

  @GuardedBy("lock")
  private void notify(String service, HealthStatus status) {
    Set<StatusListener> set = listeners.get(service);
    if (set != null) {
      for (StatusListener listener : set) {
        listener.onStatus(status);
      }
    }
  }
}
