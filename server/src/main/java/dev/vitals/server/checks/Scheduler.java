package dev.vitals.server.checks;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Time as the checks engine sees it: a monotonic clock for intervals, timeouts and TTLs, a wall
 * clock for the times it reports, and delayed tasks. Injected so that tests move time by hand
 * instead of sleeping.
 */
public interface Scheduler {
  /** Monotonic nanoseconds, as {@link System#nanoTime()}: only differences mean anything. */
  long nanoTime();

  /** Wall-clock time, for the times shown in results and history. */
  Instant now();

  /** Runs {@code task} once after {@code delay}; the returned handle cancels it if not yet run. */
  Task schedule(Duration delay, Runnable task);

  /** A scheduled task that may still be cancelled. */
  @FunctionalInterface
  interface Task {
    /** Cancels the task if it has not started; does nothing otherwise. */
    void cancel();
  }

  /**
   * The real clock, with tasks run on {@code executor}. The caller owns the executor and shuts it
   * down; the tasks it runs are short (they start checks, never wait for one).
   */
  static Scheduler of(ScheduledExecutorService executor) {
    requireNonNull(executor, "executor");
    return new Scheduler() {
      @Override
      public long nanoTime() {
        return System.nanoTime();
      }

      @Override
      public Instant now() {
        return Instant.now();
      }

      @Override
      public Task schedule(Duration delay, Runnable task) {
        ScheduledFuture<?> future =
            executor.schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
      }
    };
  }
}
