package dev.vitals.common;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one duration grammar of vitals, for server options, environment variables and CLI flags: Go's
 * {@code time.ParseDuration} without a sign ({@code 0}, {@code 500ms}, {@code 1.5s}, {@code .5s},
 * {@code 1m30s}, {@code 2h}, units {@code ns us µs ms s m h}), which is what grpc_health_probe
 * users write, or ISO-8601 ({@code PT5S}). At most Go's limit, about 292 years.
 *
 * @see <a href="https://pkg.go.dev/time#ParseDuration">Go time.ParseDuration</a>
 */
public final class Durations {
  /** One number and its unit; the number has a digit before or after the point, as in Go. */
  private static final Pattern TERM =
      Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|\u00b5s|\u03bcs|ms|s|m|h)");

  private static final BigDecimal MAX_NANOS = BigDecimal.valueOf(Long.MAX_VALUE);
  private static final Duration MAX = Duration.ofNanos(Long.MAX_VALUE);

  private Durations() {}

  /**
   * Parses a duration; surrounding white space is ignored.
   *
   * @throws IllegalArgumentException whose message names the value in quotes and says {@code is not
   *     a duration}, {@code is negative} or {@code is too long}
   */
  public static Duration parse(String text) {
    requireNonNull(text, "text");
    String value = text.trim();
    if (value.equals("0")) {
      return Duration.ZERO;
    }
    if (value.toUpperCase(Locale.ROOT).startsWith("P")) {
      return parseIso(text, value);
    }
    Matcher term = TERM.matcher(value);
    BigDecimal nanos = BigDecimal.ZERO;
    int at = 0;
    while (at < value.length()) {
      if (!term.region(at, value.length()).lookingAt()) {
        throw notADuration(text);
      }
      nanos = nanos.add(new BigDecimal(term.group(1)).multiply(unitNanos(term.group(2))));
      at = term.end();
    }
    if (at == 0) {
      throw notADuration(text);
    }
    if (nanos.compareTo(MAX_NANOS) > 0) {
      throw tooLong(text);
    }
    return Duration.ofNanos(nanos.setScale(0, RoundingMode.HALF_UP).longValueExact());
  }

  /**
   * Formats a duration so that {@link #parse} reads it back, as Go prints it but without zero
   * fields: {@code 0s}, {@code 7ns}, {@code 1.5us}, {@code 250ms}, {@code 1.5s}, {@code 1m30s},
   * {@code 2h}, {@code 1h2m3.004s}. ASCII {@code us}, not Go's {@code µs}, so logs stay ASCII.
   */
  public static String format(Duration duration) {
    requireNonNull(duration, "duration");
    if (duration.isZero()) {
      return "0s";
    }
    if (duration.isNegative()) {
      return "-" + format(duration.negated());
    }
    long seconds = duration.getSeconds();
    int nanos = duration.getNano();
    if (seconds == 0) {
      if (nanos < 1_000) {
        return nanos + "ns";
      }
      return nanos < 1_000_000 ? decimal(nanos, 3) + "us" : decimal(nanos, 6) + "ms";
    }
    StringBuilder out = new StringBuilder();
    long hours = seconds / 3600;
    long minutes = seconds % 3600 / 60;
    long rest = seconds % 60;
    if (hours > 0) {
      out.append(hours).append('h');
    }
    if (minutes > 0) {
      out.append(minutes).append('m');
    }
    if (rest > 0 || nanos > 0) {
      out.append(decimal(rest * 1_000_000_000L + nanos, 9)).append('s');
    }
    return out.toString();
  }

  private static Duration parseIso(String text, String value) {
    Duration parsed;
    try {
      parsed = Duration.parse(value.toUpperCase(Locale.ROOT));
    } catch (DateTimeParseException e) {
      throw notADuration(text);
    }
    if (parsed.isNegative()) {
      throw new IllegalArgumentException("duration '" + text + "' is negative");
    }
    if (parsed.compareTo(MAX) > 0) {
      throw tooLong(text);
    }
    return parsed;
  }

  private static BigDecimal unitNanos(String unit) {
    return switch (unit) {
      case "ns" -> BigDecimal.ONE;
      case "ms" -> BigDecimal.valueOf(1_000_000L);
      case "s" -> BigDecimal.valueOf(1_000_000_000L);
      case "m" -> BigDecimal.valueOf(60_000_000_000L);
      case "h" -> BigDecimal.valueOf(3_600_000_000_000L);
      default -> BigDecimal.valueOf(1_000L);
        // us, µs (micro sign) and μs (Greek mu), as in Go
    };
  }

  /** {@code units / 10^scale} without trailing zeros: 1500, 3 is "1.5". */
  private static String decimal(long units, int scale) {
    return BigDecimal.valueOf(units, scale).stripTrailingZeros().toPlainString();
  }

  private static IllegalArgumentException notADuration(String text) {
    return new IllegalArgumentException(
        "'" + text + "' is not a duration (examples: 500ms, 3s, 1m30s, PT5S)");
  }

  private static IllegalArgumentException tooLong(String text) {
    return new IllegalArgumentException("duration '" + text + "' is too long");
  }
}
