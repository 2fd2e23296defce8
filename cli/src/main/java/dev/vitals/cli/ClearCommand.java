package dev.vitals.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code vitals clear}: unregisters a service through the admin API. */
@Command(
    name = "clear",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "Unregisters a service through the vitals admin API: Check then answers "
            + "NOT_FOUND and watchers see SERVICE_UNKNOWN. Needs the admin token: --token-file or "
            + "env VITALS_ADMIN_TOKEN.")
final class ClearCommand implements Callable<Integer> {
  @Option(
      names = "--service",
      paramLabel = "NAME",
      required = true,
      description = "Service to clear (the whole server cannot be cleared).")
  String service;

  @Mixin AdminOptions admin;
  @ParentCommand Main main;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    admin.call(main.env(), client -> client.clear(service));
    spec.commandLine().getOut().println("cleared " + Printer.quote(service));
    return ExitCodes.OK;
  }
}
