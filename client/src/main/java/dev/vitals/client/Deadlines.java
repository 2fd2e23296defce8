package dev.vitals.client;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/** The per-call deadline both clients share. */
final class Deadlines {
  static final Duration DEFAULT = Duration.ofSeconds(5);

  private Deadlines() {}

  static Duration checkPositive(Duration deadline) {
    requireNonNull(deadline, "deadline");
    if (deadline.isNegative() || deadline.isZero()) {
      throw new IllegalArgumentException("deadline must be positive, got " + deadline);
    }
    return deadline;
  }
}
