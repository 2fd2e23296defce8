package dev.vitals.server.checks;

import dev.vitals.common.Durations;
import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * {@code ttl}: passes while heartbeats ({@link Checks#heartbeat}) arrive within the TTL. The
 * engine's start counts as the first heartbeat, so a restart gives senders one TTL to check in.
 */
final class TtlCheck implements Check {
  private final CheckTarget.Ttl target;
  private final Scheduler clock;
  private volatile long lastNanos;
  private volatile boolean heard;

  TtlCheck(CheckTarget.Ttl target, Scheduler clock) {
    this.target = target;
    this.clock = clock;
    this.lastNanos = clock.nanoTime();
  }

  /** The engine's start counts as a heartbeat (not the moment the check was made). */
  void started() {
    lastNanos = clock.nanoTime();
  }

  void heartbeat() {
    lastNanos = clock.nanoTime();
    heard = true;
  }

  @Override
  public CheckOutcome run(Duration timeout) {
    Duration age = Duration.ofNanos(clock.nanoTime() - lastNanos);
    // Milliseconds are precise enough for people; nanoseconds would only add noise.
    String shown = Durations.format(age.truncatedTo(ChronoUnit.MILLIS));
    String since =
        heard ? "last heartbeat " + shown + " ago" : "no heartbeat since start " + shown + " ago";
    return new CheckOutcome(
        age.compareTo(target.ttl()) <= 0, since + " (ttl " + Durations.format(target.ttl()) + ")");
  }
}
