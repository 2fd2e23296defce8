package dev.vitals.server;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them in flags and env vars: Go style ({@code 500ms}, {@code 3s}, {@code
 * 1m30s}, {@code 0}) or ISO-8601 ({@code PT5S}).
 */
public final class Durations {
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

  private Durations() {}

  /**
   * Parses a duration.
   *
   * @throws IllegalArgumentException with a message naming the value, if it is not a duration
   */
  public static Duration parse(String text) {
    String value = text == null ? "" : text.trim();
    if (value.equals("0")) {
      return Duration.ZERO;
    }
    if (value.toUpperCase(Locale.ROOT).startsWith("PT")
        || value.toUpperCase(Locale.ROOT).startsWith("P")) {
      try {
        Duration parsed = Duration.parse(value.toUpperCase(Locale.ROOT));
        if (parsed.isNegative()) {
          throw new IllegalArgumentException("duration '" + text + "' is negative");
        }
        return parsed;
      } catch (DateTimeParseException e) {
        throw invalid(text);
      }
    }
    Matcher m = PART.matcher(value);
    int at = 0;
    Duration total = Duration.ZERO;
    while (at < value.length()) {
      if (!m.find(at) || m.start() != at) {
        throw invalid(text);
      }
      double amount = Double.parseDouble(m.group(1));
      long nanosPerUnit;
      switch (m.group(2)) {
        case "ns":
          nanosPerUnit = 1L;
          break;
        case "us":
        case "µs":
          nanosPerUnit = 1_000L;
          break;
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
      double nanos = amount * nanosPerUnit;
      if (nanos > Long.MAX_VALUE / 2.0) {
        throw new IllegalArgumentException("duration '" + text + "' is too long");
      }
      total = total.plusNanos(Math.round(nanos));
      at = m.end();
    }
    if (at == 0) {
      throw invalid(text);
    }
    return total;
  }

  /** Formats a duration the way {@link #parse} reads it, e.g. {@code 1m30s}, {@code 250ms}. */
  public static String format(Duration duration) {
    if (duration.isZero()) {
      return "0s";
    }
    StringBuilder out = new StringBuilder();
    long hours = duration.toHours();
    int minutes = duration.toMinutesPart();
    int seconds = duration.toSecondsPart();
    int millis = duration.toMillisPart();
    if (hours > 0) out.append(hours).append('h');
    if (minutes > 0) out.append(minutes).append('m');
    if (seconds > 0) out.append(seconds).append('s');
    if (millis > 0) out.append(millis).append("ms");
    if (out.length() == 0) {
      out.append(duration.toNanos()).append("ns");
    }
    return out.toString();
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException(
        "'" + text + "' is not a duration (examples: 500ms, 3s, 1m30s, PT5S)");
  }
}
