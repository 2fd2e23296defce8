package dev.vitals.cli;

import dev.vitals.common.Durations;
import java.time.Duration;
import picocli.CommandLine;

/**
 * Reads duration flags with the grammar vitals shares ({@link Durations}): Go's, as
 * grpc_health_probe reads them ({@code 1s}, {@code 500ms}, {@code .5s}, {@code 1m30s}), or ISO-8601
 * ({@code PT5S}).
 */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
  @Override
  public Duration convert(String text) {
    try {
      return Durations.parse(text);
    } catch (IllegalArgumentException e) {
      // picocli prints a TypeConversionException's message as is, after the option's name.
      throw new CommandLine.TypeConversionException(e.getMessage());
    }
  }
}
