package dev.vitals.server.checks;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/** A {@link Scheduler} whose time moves only when a test calls {@link #advance}. */
final class FakeScheduler implements Scheduler {
  static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

  private final PriorityQueue<Pending> queue =
      new PriorityQueue<>(
          (a, b) -> a.due != b.due ? Long.compare(a.due, b.due) : Long.compare(a.order, b.order));
  private long nanos;
  private long order;

  private static final class Pending {
    final long due;
    final long order;
    final Runnable task;
    final Duration delay;
    boolean cancelled;

    Pending(long due, long order, Runnable task, Duration delay) {
      this.due = due;
      this.order = order;
      this.task = task;
      this.delay = delay;
    }
  }

  @Override
  public synchronized long nanoTime() {
    return nanos;
  }

  @Override
  public synchronized Instant now() {
    return EPOCH.plusNanos(nanos);
  }

  @Override
  public synchronized Task schedule(Duration delay, Runnable task) {
    Pending pending = new Pending(nanos + delay.toNanos(), order++, task, delay);
    queue.add(pending);
    return () -> {
      synchronized (FakeScheduler.this) {
        pending.cancelled = true;
      }
    };
  }

  /** Moves time forward by {@code by}, running every task that falls due, in order. */
  void advance(Duration by) {
    long until;
    synchronized (this) {
      until = nanos + by.toNanos();
    }
    while (true) {
      Pending next;
      synchronized (this) {
        next = queue.peek();
        if (next == null || next.due > until) {
          nanos = until;
          return;
        }
        queue.poll();
        nanos = Math.max(nanos, next.due);
        if (next.cancelled) {
          continue;
        }
      }
      next.task.run();
    }
  }

  /** The delays of the tasks waiting to run (not cancelled), in the order they were scheduled. */
  synchronized List<Duration> pendingDelays() {
    List<Pending> live = new ArrayList<>();
    queue.forEach(
        p -> {
          if (!p.cancelled) {
            live.add(p);
          }
        });
    live.sort((a, b) -> Long.compare(a.order, b.order));
    List<Duration> delays = new ArrayList<>();
    live.forEach(p -> delays.add(p.delay));
    return delays;
  }
}
