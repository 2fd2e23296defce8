package dev.vitals.server.checks;

/** Where a check stands after its thresholds ({@code fall}, {@code rise}) are applied. */
public enum CheckState {
  /** No result yet (start-up). */
  UNKNOWN,
  /** Passing: its first result passed, or {@code rise} passes in a row since it was failing. */
  PASSING,
  /** Failing: its first result failed, or {@code fall} failures in a row since it was passing. */
  FAILING
}
