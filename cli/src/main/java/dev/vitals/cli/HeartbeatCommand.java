package dev.vitals.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code vitals heartbeat}: refreshes a {@code ttl} check through the admin API. */
@Command(
    name = "heartbeat",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "Refreshes a ttl check (the server then runs it at once): run it from a job that must "
            + "check in, e.g. at the end of a cron job. Needs the admin token: --token-file or "
            + "env VITALS_ADMIN_TOKEN. Exit 3 (NOT_FOUND, FAILED_PRECONDITION) if there is no "
            + "ttl check of that name.")
final class HeartbeatCommand implements Callable<Integer> {
  @Option(
      names = "--check",
      paramLabel = "NAME",
      required = true,
      description = "The name of a ttl check in the server's checks file.")
  String check;

  @Mixin AdminOptions admin;
  @ParentCommand Main main;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    admin.call(main.env(), client -> client.heartbeat(check));
    spec.commandLine().getOut().println("heartbeat sent to check '" + check + "'");
    return ExitCodes.OK;
  }
}
