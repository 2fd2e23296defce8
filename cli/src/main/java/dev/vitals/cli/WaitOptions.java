package dev.vitals.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** {@code --wait} and {@code --retry-interval}: try again until SERVING (start-up scripts). */
final class WaitOptions {
  @Option(
      names = "--wait",
      paramLabel = "DURATION",
      defaultValue = "0",
      converter = DurationConverter.class,
      description =
          "Keep trying, connection failures included, until every service is SERVING or this "
              + "long has passed; the exit code is then the last attempt's. Default: ${DEFAULT-VALUE} "
              + "(one attempt).")
  Duration wait;

  @Option(
      names = "--retry-interval",
      paramLabel = "DURATION",
      defaultValue = "1s",
      converter = DurationConverter.class,
      description = "Pause between attempts with --wait. Default: ${DEFAULT-VALUE}.")
  Duration retryInterval;

  /** Checks both against {@code settings}' rules (exit 1 unless valid). */
  void check(ConnectionSettings settings) {
    validate(settings, wait, retryInterval);
  }

  /** {@code wait} may be 0 (one attempt); the interval must be positive. */
  static void validate(ConnectionSettings settings, Duration wait, Duration retryInterval) {
    if (wait.isNegative()) {
      throw CliFailure.invalid(settings.flag("wait") + " must not be negative");
    }
    settings.positive("retry-interval", retryInterval);
  }
}
