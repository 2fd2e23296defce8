package dev.vitals.server.checks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One check's schedule and state inside {@link Checks}. Every mutable field is guarded by the
 * engine's lock. {@code @GuardedBy} cannot name another object's lock, so the {@link Checks}
 * methods that change this state carry {@code @GuardedBy("lock")} instead, and Error Prone checks
 * that they are called with it held.
 */
final class CheckRunner {
  final CheckSpec spec;
  final Check check;
  final List<DerivedService> services = new ArrayList<>();

  CheckState state = CheckState.UNKNOWN;
  @Nullable Instant stateSince;
  @Nullable CheckResult last;
  int passes;

  /** Whether any run has passed since the start (for {@link ProbeProfiles#STARTUP}). */
  boolean passedOnce;

  int failures;

  /** Which scheduled firing is current: a firing with another token was superseded. */
  long token;

  Scheduler.@Nullable Task next;

  /** The id of the latest run started. */
  long runs;

  boolean inFlight;

  /** Whether the latest run's result was recorded (by its completion or by its timeout). */
  boolean settled = true;

  long startedNanos;
  Scheduler.@Nullable Task timeout;

  CheckRunner(CheckSpec spec, Check check) {
    this.spec = spec;
    this.check = check;
  }

  CheckSnapshot snapshot() {
    return new CheckSnapshot(
        spec.name(),
        spec.target().type(),
        spec.target().display(),
        spec.critical(),
        state,
        stateSince,
        last,
        passes,
        failures,
        check.backends());
  }
}
