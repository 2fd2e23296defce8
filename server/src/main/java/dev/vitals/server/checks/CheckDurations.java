package dev.vitals.server.checks;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations in the checks file: {@code 0}, or amounts with units {@code ms}, {@code s}, {@code m},
 * {@code h}, one after another ({@code 500ms}, {@code 3s}, {@code 1m30s}, {@code .5s}). To be
 * replaced by the grammar shared with the flags once it lives in a common place.
 */
final class CheckDurations {
  private static final Pattern AMOUNT = Pattern.compile("(\\d+\\.?\\d*|\\.\\d+)(ms|h|m|s)");

  private CheckDurations() {}

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException saying what is wrong, if it is not a duration
   */
  static Duration parse(String text) {
    String value = text.strip();
    if (value.startsWith("-")) {
      throw new IllegalArgumentException("must be positive, got '" + text + "'");
    }
    if (value.equals("0")) {
      return Duration.ZERO;
    }
    Matcher amount = AMOUNT.matcher(value);
    Duration total = Duration.ZERO;
    int at = 0;
    while (at < value.length() || at == 0) {
      if (!amount.find(at) || amount.start() != at) {
        throw new IllegalArgumentException(
            "'" + text + "' is not a duration (examples: 0, 500ms, 3s, 1m30s, 1h)");
      }
      long nanosPerUnit;
      switch (amount.group(2)) {
        case "ms":
          nanosPerUnit = 1_000_000L;
          break;
        case "s":
          nanosPerUnit = 1_000_000_000L;
          break;
        case "m":
          nanosPerUnit = 60_000_000_000L;
          break;
        default:
          nanosPerUnit = 3_600_000_000_000L;
          break;
      }
      double nanos = Double.parseDouble(amount.group(1)) * nanosPerUnit;
      // A year is far more than any interval needs; beyond it, Duration arithmetic could overflow.
      if (nanos > 366 * 86_400e9) {
        throw new IllegalArgumentException("'" + text + "' is longer than a year");
      }
      total = total.plusNanos(Math.round(nanos));
      at = amount.end();
    }
    return total;
  }

  /** {@code duration} in the same grammar, e.g. {@code 1m30s}, {@code 500ms}, {@code 0}. */
  static String format(Duration duration) {
    if (duration.isZero()) {
      return "0";
    }
    StringBuilder out = new StringBuilder();
    long hours = duration.toHours();
    int minutes = duration.toMinutesPart();
    int seconds = duration.toSecondsPart();
    int millis = duration.toMillisPart();
    if (hours > 0) {
      out.append(hours).append('h');
    }
    if (minutes > 0) {
      out.append(minutes).append('m');
    }
    if (seconds > 0) {
      out.append(seconds).append('s');
    }
    if (millis > 0 || out.length() == 0) {
      out.append(millis).append("ms");
    }
    return out.toString();
  }
}
