package dev.vitals.cli;

import dev.vitals.client.ServingStatus;
import dev.vitals.common.Durations;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code vitals set}: sets a service's status through the admin API. */
@Command(
    name = "set",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "Sets a service's status through the vitals admin API (registering the "
            + "service if needed). Needs the admin token: --token-file or env VITALS_ADMIN_TOKEN.")
final class SetCommand implements Callable<Integer> {
  @Option(
      names = "--service",
      paramLabel = "NAME",
      required = true,
      description = "Service to set; \"\" is the whole server.")
  String service;

  @Option(
      names = "--status",
      paramLabel = "STATUS",
      required = true,
      converter = StatusConverter.class,
      description = "SERVING, NOT_SERVING or UNKNOWN.")
  ServingStatus status;

  @Option(
      names = "--ttl",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "For a service derived from checks: the status is a manual override that ends after "
              + "this long (e.g. 30m: maintenance mode that cannot be forgotten); without it, the "
              + "override lasts until 'vitals clear'.")
  Duration ttl;

  @Mixin AdminOptions admin;
  @ParentCommand Main main;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (status == ServingStatus.SERVICE_UNKNOWN) {
      throw CliFailure.invalid("--status SERVICE_UNKNOWN cannot be set; use 'vitals clear'");
    }
    if (ttl != null && (ttl.isNegative() || ttl.isZero())) {
      throw CliFailure.invalid("--ttl must be positive, got " + Durations.format(ttl));
    }
    admin.call(
        main.env(),
        client -> {
          if (ttl == null) {
            client.set(service, status);
          } else {
            client.set(service, status, ttl);
          }
        });
    spec.commandLine()
        .getOut()
        .println(
            "set "
                + Printer.quote(service)
                + " to "
                + status
                + (ttl == null ? "" : " for " + Durations.format(ttl)));
    return ExitCodes.OK;
  }
}
