package dev.vitals.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** {@code --timeout}: the deadline of a command's unary call. */
final class RpcTimeoutOption {
  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "5s",
      converter = DurationConverter.class,
      description = "RPC deadline. Default: ${DEFAULT-VALUE}.")
  Duration timeout;

  /** The deadline, checked against {@code settings} (exit 1 unless positive). */
  Duration checked(ConnectionSettings settings) {
    settings.positive("timeout", timeout);
    return timeout;
  }
}
