package dev.vitals.client.cli;

import dev.vitals.client.AdminClient;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code vitals clear}: unregisters a service through the admin API. */
@Command(name = "clear", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Unregisters a service through the vitals admin API: Check then answers "
        + "NOT_FOUND and watchers see SERVICE_UNKNOWN. Needs the admin token: --token-file or "
        + "env VITALS_ADMIN_TOKEN.")
final class ClearCommand implements Callable<Integer> {
  @Option(names = "--service", paramLabel = "NAME", required = true,
      description = "Service to clear (the whole server cannot be cleared).")
  String service;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5s",
      converter = GoDurations.class, description = "RPC deadline. Default: ${DEFAULT-VALUE}.")
  Duration timeout;

  @Mixin TokenOptions token;
  @Mixin ConnectionOptions connection;
  @ParentCommand Main main;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    ConnectionSettings settings = connection.settings();
    settings.positive("timeout", timeout);
    String adminToken = token.token(main.env());
    settings.call(channel -> {
      AdminClient.create(channel, adminToken).withDeadline(timeout).clear(service);
      return null;
    });
    spec.commandLine().getOut().println("cleared " + Printer.quote(service));
    return ExitCodes.OK;
  }
}
