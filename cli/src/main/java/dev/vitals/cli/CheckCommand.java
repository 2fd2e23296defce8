package dev.vitals.cli;

import dev.vitals.client.HealthClient;
import dev.vitals.client.ServingStatus;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vitals check}: one Check call; exit 0 if SERVING, 4 if not. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "Checks a service once with grpc.health.v1.Health/Check (or, with --legacy, "
            + "the original /Health/check) and prints its status. Exit 0 if SERVING, 4 if not.")
final class CheckCommand implements Callable<Integer> {
  @Option(
      names = "--service",
      paramLabel = "NAME",
      defaultValue = "",
      description = "Service to check; empty (the default) is the whole server.")
  String service;

  @Option(names = "--legacy", description = "Use the original /Health/check API.")
  boolean legacy;

  @Mixin RpcTimeoutOption timeout;
  @Mixin OutputOptions output;
  @Mixin ConnectionOptions connection;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    ConnectionSettings settings = connection.settings();
    Duration deadline = timeout.checked(settings);
    ServingStatus status =
        settings.call(
            channel -> {
              HealthClient client = HealthClient.create(channel).withDeadline(deadline);
              return legacy ? client.checkLegacy(service) : client.check(service);
            });
    new Printer(spec.commandLine().getOut(), output.json()).status(service, status);
    return Main.exitFor(service, status);
  }
}
