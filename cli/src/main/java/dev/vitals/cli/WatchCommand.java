package dev.vitals.cli;

import dev.vitals.client.HealthClient;
import dev.vitals.client.ServingStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vitals watch}: prints every status change, optionally until one is seen. */
@Command(
    name = "watch",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "Streams a service's status with grpc.health.v1.Health/Watch and prints each "
            + "change with the time it arrived. With --until, exits 0 when that status is seen and "
            + "3 if the timeout passes first; without, exits 0 when the timeout passes.")
final class WatchCommand implements Callable<Integer> {
  @Option(
      names = "--service",
      paramLabel = "NAME",
      defaultValue = "",
      description = "Service to watch; empty (the default) is the whole server.")
  String service;

  @Option(
      names = "--until",
      paramLabel = "STATUS",
      converter = StatusConverter.class,
      description =
          "Stop (exit 0) when the service reports this status: SERVING, NOT_SERVING, "
              + "UNKNOWN or SERVICE_UNKNOWN.")
  ServingStatus until;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "How long to watch; by default until interrupted or the stream ends.")
  Duration timeout;

  @Mixin OutputOptions output;
  @Mixin ConnectionOptions connection;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    ConnectionSettings settings = connection.settings();
    if (timeout != null) {
      settings.positive("timeout", timeout);
    }
    Printer printer = new Printer(spec.commandLine().getOut(), output.json());
    Clock clock = Clock.systemUTC();
    try (Connection open = settings.open()) {
      HealthClient client = HealthClient.create(open.awaitReady().channel());
      StatusWatcher.watch(
          client,
          service,
          until,
          timeout,
          status -> printer.watchEvent(clock.instant(), service, status));
    }
    return ExitCodes.OK;
  }
}
