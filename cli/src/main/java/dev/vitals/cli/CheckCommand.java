package dev.vitals.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vitals check}: a Check of each service given; exit 0 if all are SERVING, else the worst
 * result's code. With {@code --wait}, again until they are.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "Checks services with grpc.health.v1.Health/Check (or, with --legacy, the original "
            + "/Health/check) and prints each status. Exit 0 if every one is SERVING; otherwise "
            + "2 (connection), 3 (RPC) or 4 (not SERVING), in that order of precedence.")
final class CheckCommand implements Callable<Integer> {
  @Option(
      names = "--service",
      paramLabel = "NAME",
      split = ",",
      description =
          "Service to check; repeatable, or several separated by commas (each is checked, the "
              + "worst result sets the exit code). Empty or none: the whole server.")
  List<String> services = new ArrayList<>();

  @Option(names = "--legacy", description = "Use the original /Health/check API.")
  boolean legacy;

  @Mixin RpcTimeoutOption timeout;
  @Mixin WaitOptions wait;
  @Mixin OutputOptions output;
  @Mixin ConnectionOptions connection;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    ConnectionSettings settings = connection.settings();
    Duration deadline = timeout.checked(settings);
    wait.check(settings);
    List<String> names = ServiceChecks.services(services);
    ServiceChecks.Attempt attempt =
        ServiceChecks.untilServing(
            settings,
            names,
            deadline,
            (client, service) -> legacy ? client.checkLegacy(service) : client.check(service),
            wait.wait,
            wait.retryInterval);
    if (attempt.connectionFailure().isPresent()) {
      throw attempt.connectionFailure().get();
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Printer printer = new Printer(out, output.json());
    for (ServiceChecks.Outcome outcome : attempt.outcomes()) {
      if (outcome.status().isPresent()) {
        if (names.size() == 1) {
          printer.status(outcome.service(), outcome.status().get());
        } else {
          printer.serviceStatus(outcome.service(), outcome.status().get());
        }
      }
    }
    for (ServiceChecks.Outcome outcome : attempt.outcomes()) {
      if (outcome.exitCode() != ExitCodes.OK) {
        String message = outcome.message();
        if (names.size() > 1 && outcome.status().isEmpty()) {
          message = "service " + Printer.quote(outcome.service()) + ": " + message;
        }
        err.println(spec.qualifiedName() + ": " + message);
      }
    }
    return attempt.exitCode();
  }
}
