package dev.vitals.cli;

import dev.vitals.client.ServiceStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code vitals statuses}: every status with the time it last changed, from the admin API. */
@Command(
    name = "statuses",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "Lists every registered service, its status and when it last changed, with the "
            + "vitals admin API (ListStatuses). Needs the admin token: --token-file or env "
            + "VITALS_ADMIN_TOKEN. Exit 0 whatever the statuses are.")
final class StatusesCommand implements Callable<Integer> {
  @Mixin OutputOptions output;
  @Mixin AdminOptions admin;
  @ParentCommand Main main;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    List<ServiceStatus> statuses = new ArrayList<>();
    admin.call(main.env(), client -> statuses.addAll(client.list()));
    new Printer(spec.commandLine().getOut(), output.json()).adminStatuses(statuses);
    return ExitCodes.OK;
  }
}
