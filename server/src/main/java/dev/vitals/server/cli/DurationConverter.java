package dev.vitals.server.cli;

import dev.vitals.common.Durations;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;

/**
 * A duration option ({@code 500ms}, {@code 3s}, {@code PT5S}, {@code 0}): see {@link Durations}.
 */
class DurationConverter implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String text) {
    try {
      return Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw OptionErrors.conversion(
          new IllegalArgumentException(OptionErrors.OPTION + ": " + e.getMessage()));
    }
  }

  /** A duration that must be more than zero. */
  static final class Positive extends DurationConverter {
    @Override
    public Duration convert(String text) {
      Duration duration = super.convert(text);
      if (duration.isZero()) {
        throw OptionErrors.conversion(
            new IllegalArgumentException(OptionErrors.OPTION + " must be more than 0"));
      }
      return duration;
    }
  }
}
