package dev.vitals.client.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Reads durations the way grpc_health_probe (Go's {@code time.ParseDuration}) does: {@code 1s},
 * {@code 500ms}, {@code 1m30s}, {@code 1.5s}; also ISO-8601 such as {@code PT5S}.
 */
final class GoDurations implements CommandLine.ITypeConverter<Duration> {
  private static final Pattern TERM = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");
  private static final Pattern WHOLE = Pattern.compile("(?:" + TERM.pattern() + ")+");

  @Override
  public Duration convert(String text) {
    return parse(text);
  }

  /** Parses {@code text}, or throws a TypeConversionException saying what is accepted. */
  static Duration parse(String text) {
    String value = text.trim();
    if (value.equals("0")) {
      return Duration.ZERO;
    }
    if (value.toUpperCase(Locale.ROOT).startsWith("P")) {
      try {
        return Duration.parse(value.toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        throw invalid(text);
      }
    }
    if (!WHOLE.matcher(value).matches()) {
      throw invalid(text);
    }
    Matcher term = TERM.matcher(value);
    double nanos = 0;
    while (term.find()) {
      nanos += Double.parseDouble(term.group(1)) * unitNanos(term.group(2));
    }
    if (nanos > Long.MAX_VALUE) {
      throw new CommandLine.TypeConversionException("duration '" + text + "' is too long");
    }
    return Duration.ofNanos(Math.round(nanos));
  }

  /** Formats like Go does for round values: {@code 1s}, {@code 250ms}, {@code 1m30s}. */
  static String format(Duration duration) {
    if (duration.toNanos() % 1_000_000 != 0) {
      return duration.toNanos() + "ns";
    }
    if (duration.toMillis() < 1000) {
      return duration.toMillis() + "ms";
    }
    // Java already drops zero fields and trailing zeros: PT1M30S, PT1.5S, PT2H.
    return duration.toString().substring(2).toLowerCase(Locale.ROOT);
  }

  private static long unitNanos(String unit) {
    switch (unit) {
      case "ns": return 1L;
      case "us": case "µs": return 1_000L;
      case "ms": return 1_000_000L;
      case "s": return 1_000_000_000L;
      case "m": return 60_000_000_000L;
      default: return 3_600_000_000_000L;
    }
  }

  private static CommandLine.TypeConversionException invalid(String text) {
    return new CommandLine.TypeConversionException(
        "'" + text + "' is not a duration (examples: 500ms, 1s, 1m30s)");
  }
}
