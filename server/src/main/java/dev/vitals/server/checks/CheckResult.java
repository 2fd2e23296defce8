package dev.vitals.server.checks;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;

/**
 * The last result of one check: what an operator reads to see why a service is NOT_SERVING.
 *
 * @param passed whether this run passed
 * @param output what the check saw, or its error (never a secret, at most about 1 KiB)
 * @param latency how long the run took (the timeout, for a run that timed out)
 * @param at when the result was recorded
 */
public record CheckResult(boolean passed, String output, Duration latency, Instant at) {
  /** Checks the fields. */
  public CheckResult {
    requireNonNull(output, "output");
    requireNonNull(latency, "latency");
    requireNonNull(at, "at");
  }
}
