package dev.vitals.server.checks;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * One configured check: what it looks at and how often, and how many results in a row change its
 * state. Built by {@link ChecksConfigParser} (which enforces the ranges) or by {@link #of} with the
 * defaults.
 *
 * @param name the check's name (same rules as service names, never empty)
 * @param target what it checks
 * @param interval time between runs while passing
 * @param failingInterval time between runs while its last result was a failure
 * @param timeout how long one run may take before it counts as a failure
 * @param fall consecutive failures that turn a passing check into a failing one
 * @param rise consecutive passes that turn a failing check into a passing one
 * @param jitterPercent each delay is moved at random by up to this share of it, either way
 * @param critical whether a failure makes the services using it NOT_SERVING (otherwise a warning)
 * @param liveness whether the {@code liveness} profile follows it (for the probe-profile work)
 */
public record CheckSpec(
    String name,
    CheckTarget target,
    Duration interval,
    Duration failingInterval,
    Duration timeout,
    int fall,
    int rise,
    int jitterPercent,
    boolean critical,
    boolean liveness) {
  /** Default time between runs. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

  /** Default time one run may take. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);

  /** Default consecutive failures before a check is failing. */
  public static final int DEFAULT_FALL = 3;

  /** Default consecutive passes before a failing check passes again. */
  public static final int DEFAULT_RISE = 2;

  /** Default jitter, in percent of each delay. */
  public static final int DEFAULT_JITTER_PERCENT = 10;

  /** Checks the fields and their ranges. */
  public CheckSpec {
    requireNonNull(name, "name");
    requireNonNull(target, "target");
    requireNonNull(interval, "interval");
    requireNonNull(failingInterval, "failingInterval");
    requireNonNull(timeout, "timeout");
    if (!isPositive(interval) || !isPositive(failingInterval) || !isPositive(timeout)) {
      throw new IllegalArgumentException("interval, failingInterval and timeout must be positive");
    }
    if (fall < 1 || rise < 1) {
      throw new IllegalArgumentException("fall and rise must be at least 1");
    }
    if (jitterPercent < 0 || jitterPercent > 100) {
      throw new IllegalArgumentException("jitterPercent must be 0-100");
    }
  }

  /** A critical check of {@code target} with every default. */
  public static CheckSpec of(String name, CheckTarget target) {
    return new CheckSpec(
        name,
        target,
        DEFAULT_INTERVAL,
        DEFAULT_INTERVAL,
        DEFAULT_TIMEOUT,
        DEFAULT_FALL,
        DEFAULT_RISE,
        DEFAULT_JITTER_PERCENT,
        true,
        false);
  }

  private static boolean isPositive(Duration d) {
    return !d.isNegative() && !d.isZero();
  }
}
