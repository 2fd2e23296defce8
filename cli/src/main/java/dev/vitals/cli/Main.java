package dev.vitals.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code vitals}: checks, watches, lists and sets health statuses from the command line, and stands
 * in for grpc_health_probe ({@code vitals probe}).
 *
 * <p>Exit codes, the same for every subcommand and identical to grpc_health_probe's: 0 SERVING or
 * success, 1 invalid arguments, 2 connection failure, 3 RPC failure, 4 status not SERVING. A
 * failure prints one line on stderr with the gRPC status and description.
 */
@Command(
    name = "vitals",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    subcommands = {
      CheckCommand.class,
      WatchCommand.class,
      ListCommand.class,
      SetCommand.class,
      ClearCommand.class,
      StatusesCommand.class,
      ChecksCommand.class,
      HistoryCommand.class,
      HeartbeatCommand.class,
      ProbeCommand.class
    },
    description =
        "Client for gRPC health servers (grpc.health.v1.Health) and the vitals admin API.",
    exitCodeListHeading = "%nExit codes (every subcommand):%n",
    exitCodeList = {
      "0:SERVING, or the command succeeded",
      "1:invalid arguments",
      "2:connection failure (refused, connect timeout, TLS handshake)",
      "3:RPC failure (NOT_FOUND, UNIMPLEMENTED, DEADLINE_EXCEEDED, UNAUTHENTICATED, ...)",
      "4:the status is not SERVING"
    })
public final class Main implements Callable<Integer> {
  private final Map<String, String> env;
  @Spec CommandSpec spec;

  private Main(Map<String, String> env) {
    this.env = env;
  }

  /** Runs the CLI and exits with its exit code. */
  public static void main(String[] args) {
    // Errors reach the user as one line on stderr; grpc-java's own logging would add noise.
    LogManager.getLogManager().reset();
    Logger.getLogger("").setLevel(Level.OFF);
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    System.exit(run(args, System.getenv(), out, err));
  }

  /** Runs the CLI with the given environment and streams, returning the exit code. */
  static int run(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
    int exitCode = commandLine(env, out, err).execute(args);
    out.flush();
    err.flush();
    return exitCode;
  }

  /** The command line with its subcommands, error handlers and streams, ready to execute. */
  static CommandLine commandLine(Map<String, String> env, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new Main(env));
    // No @file expansion: a service name or header value may start with "@".
    cli.setExpandAtFiles(false);
    cli.setOut(out);
    cli.setErr(err);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setParameterExceptionHandler(
        (ex, ignored) -> {
          String name = ex.getCommandLine().getCommandSpec().qualifiedName();
          err.println(name + ": " + ex.getMessage() + " (see '" + name + " --help')");
          return ExitCodes.INVALID_ARGUMENTS;
        });
    cli.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          if (ex instanceof CliFailure cliFailure) {
            err.println(commandLine.getCommandSpec().qualifiedName() + ": " + ex.getMessage());
            return cliFailure.exitCode();
          }
          throw ex;
        });
    return cli;
  }

  @Override
  public Integer call() {
    // From the registered subcommands, so that the list cannot fall behind them.
    List<String> names = new ArrayList<>(spec.subcommands().keySet());
    String last = names.remove(names.size() - 1);
    throw CliFailure.invalid(
        "missing subcommand: "
            + String.join(", ", names)
            + " or "
            + last
            + " (see 'vitals --help')");
  }

  Map<String, String> env() {
    return env;
  }

  /** Reports the version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Main.class.getPackage().getImplementationVersion();
      return new String[] {"vitals " + (version != null ? version : "(development build)")};
    }
  }
}
