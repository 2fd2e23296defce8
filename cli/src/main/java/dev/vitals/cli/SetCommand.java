package dev.vitals.cli;

import dev.vitals.client.ServingStatus;
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

  @Mixin AdminOptions admin;
  @ParentCommand Main main;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (status == ServingStatus.SERVICE_UNKNOWN) {
      throw CliFailure.invalid("--status SERVICE_UNKNOWN cannot be set; use 'vitals clear'");
    }
    admin.call(main.env(), client -> client.set(service, status));
    spec.commandLine().getOut().println("set " + Printer.quote(service) + " to " + status);
    return ExitCodes.OK;
  }
}
