package dev.vitals.cli;

import dev.vitals.client.ChecksReport;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code vitals history}: a derived service's last transitions and the checks that caused them. */
@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "Shows the last transitions of a service derived from checks (time, from, to, the check "
            + "that caused it and its output), oldest first, and whether it is flapping, with the "
            + "admin API (ListChecks). Needs the admin token: --token-file or env "
            + "VITALS_ADMIN_TOKEN. Exit 3 if no such service is derived from checks.")
final class HistoryCommand implements Callable<Integer> {
  @Option(
      names = "--service",
      paramLabel = "NAME",
      required = true,
      description = "A service derived from checks; \"\" is the whole server.")
  String service;

  @Option(
      names = {"-v", "--verbose"},
      description = "Whole reasons, not cut to the table's width.")
  boolean verbose;

  @Mixin OutputOptions output;
  @Mixin AdminOptions admin;
  @ParentCommand Main main;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    ChecksReport.Service found = ChecksCommand.fetch(admin, main.env()).service(service);
    if (found == null) {
      throw new CliFailure(
          ExitCodes.RPC_FAILURE,
          "no service " + Printer.quote(service) + " is derived from checks (see 'vitals checks')");
    }
    new ChecksPrinter(spec.commandLine().getOut(), output.json(), verbose).history(found);
    return ExitCodes.OK;
  }
}
