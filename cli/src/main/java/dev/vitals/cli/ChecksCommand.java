package dev.vitals.cli;

import static java.util.Objects.requireNonNull;

import dev.vitals.client.ChecksReport;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code vitals checks}: every check's last result and why each derived service has its status. */
@Command(
    name = "checks",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "Shows every check the server runs (state, consecutive passes and failures, latency, "
            + "last output) and every service derived from them (status, flapping, why: failing "
            + "checks, checks with no result yet, warnings, a manual override), with the admin "
            + "API (ListChecks). Needs the admin token: --token-file or env VITALS_ADMIN_TOKEN. "
            + "Exit 0 whatever the statuses are.")
final class ChecksCommand implements Callable<Integer> {
  @Option(
      names = {"-v", "--verbose"},
      description = "Every column (target, critical, last run time) and whole outputs.")
  boolean verbose;

  @Mixin OutputOptions output;
  @Mixin AdminOptions admin;
  @ParentCommand Main main;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    new ChecksPrinter(spec.commandLine().getOut(), output.json(), verbose)
        .report(fetch(admin, main.env()));
    return ExitCodes.OK;
  }

  /** The server's checks report (ListChecks), with the admin flags' token and deadline. */
  static ChecksReport fetch(AdminOptions admin, Map<String, String> env) {
    AtomicReference<ChecksReport> report = new AtomicReference<>();
    admin.call(env, client -> report.set(client.checks()));
    // call returns only once the call has succeeded (it throws otherwise), so the report is set.
    return requireNonNull(report.get(), "report");
  }
}
