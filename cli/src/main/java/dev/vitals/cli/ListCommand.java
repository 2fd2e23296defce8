package dev.vitals.cli;

import dev.vitals.client.HealthClient;
import dev.vitals.client.ServingStatus;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code vitals list}: every service and its status, from grpc.health.v1.Health/List. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "Lists every registered service and its status with "
            + "grpc.health.v1.Health/List. Exit 0 whatever the statuses are.")
final class ListCommand implements Callable<Integer> {
  @Mixin RpcTimeoutOption timeout;
  @Mixin OutputOptions output;
  @Mixin ConnectionOptions connection;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    ConnectionSettings settings = connection.settings();
    Duration deadline = timeout.checked(settings);
    Map<String, ServingStatus> statuses =
        settings.call(channel -> HealthClient.create(channel).withDeadline(deadline).list());
    new Printer(spec.commandLine().getOut(), output.json()).statuses(statuses);
    return ExitCodes.OK;
  }
}
