package dev.vitals.server.checks;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How much history a derived service keeps, and when it counts as flapping.
 *
 * @param size transitions kept per service (older ones are dropped)
 * @param flappingTransitions a service with more than this many transitions within {@code
 *     flappingWindow} is flagged as flapping
 * @param flappingWindow the window those transitions are counted in
 */
public record HistoryPolicy(int size, int flappingTransitions, Duration flappingWindow) {
  /** 20 transitions kept; flapping with more than 4 transitions within 10 minutes. */
  public static final HistoryPolicy DEFAULT = new HistoryPolicy(20, 4, Duration.ofMinutes(10));

  /** Checks the ranges: the ring must hold enough transitions to see flapping. */
  public HistoryPolicy {
    requireNonNull(flappingWindow, "flappingWindow");
    if (flappingTransitions < 1 || size <= flappingTransitions) {
      throw new IllegalArgumentException(
          "need 1 <= flappingTransitions < size, got " + flappingTransitions + " and " + size);
    }
    if (flappingWindow.isNegative() || flappingWindow.isZero()) {
      throw new IllegalArgumentException("flappingWindow must be positive");
    }
  }
}
