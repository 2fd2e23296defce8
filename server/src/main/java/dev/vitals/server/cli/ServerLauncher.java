package dev.vitals.server.cli;

import dev.vitals.server.Main;
import dev.vitals.server.ServerConfig;
import dev.vitals.server.VitalsServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;

/**
 * {@code vitals-server} from arguments to exit code: parse ({@link ServerCommand}), turn bad
 * configuration into one line and exit 2, start the server (exit 1 with one line if it cannot), and
 * wait for the drain ({@link DrainCoordinator}) before exit 0.
 */
public final class ServerLauncher {
  // The drain and start lines keep the logger name they always had: operators grep for them.
  private static final Logger log = LoggerFactory.getLogger(Main.class);

  private final Map<String, String> env;
  private final PrintWriter err;
  private final ServerCommand command;

  ServerLauncher(Map<String, String> env, PrintWriter err) {
    this.env = env;
    this.err = err;
    this.command = new ServerCommand(env);
  }

  /** Runs the server with the process's arguments and environment; returns the exit code. */
  public static int run(String[] args) {
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    ServerLauncher launcher =
        new ServerLauncher(
            System.getenv(), new PrintWriter(System.err, true, StandardCharsets.UTF_8));
    int parsed = launcher.commandLine().execute(args);
    ServerConfig config = launcher.configured();
    if (parsed != ServerCommand.EXIT_OK || config == null) {
      return parsed;
    }
    return launcher.serve(config);
  }

  /** The parsed command, with the environment as defaults and one-line errors. */
  CommandLine commandLine() {
    CommandLine cli = new CommandLine(command);
    // No @file expansion: a value such as "@." is a value, not a file to read (found by fuzzing).
    cli.setExpandAtFiles(false);
    cli.setErr(err);
    cli.setDefaultValueProvider(new EnvironmentDefaults(env));
    cli.setParameterExceptionHandler(
        (ex, args) -> {
          String badValue = OptionErrors.converterMessage(ex);
          if (badValue != null) {
            // A bad value says all there is to say in one line, as every configuration error does.
            err.println("vitals-server: " + badValue);
          } else {
            err.println("vitals-server: " + ex.getMessage());
            err.println("Run 'vitals-server --help' for usage.");
          }
          return ServerCommand.EXIT_CONFIG;
        });
    cli.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          if (ex instanceof IllegalArgumentException) {
            err.println("vitals-server: " + ex.getMessage());
            return ServerCommand.EXIT_CONFIG;
          }
          throw ex;
        });
    return cli;
  }

  /** The validated configuration, or null if the command has not run (or help was asked for). */
  @Nullable ServerConfig configured() {
    return command.built;
  }

  /** Starts the server and blocks until a signal has drained and stopped it. */
  int serve(ServerConfig config) {
    VitalsServer server;
    try {
      server = VitalsServer.create(config);
    } catch (IllegalArgumentException e) {
      // A check that cannot be made (the message names it) is bad configuration.
      err.println("vitals-server: " + e.getMessage());
      return ServerCommand.EXIT_CONFIG;
    }
    try {
      server.start();
    } catch (IOException e) {
      String what =
          isBindFailure(e)
              ? "cannot bind " + config.host() + ":" + config.port() + ": " + rootMessage(e)
              : "cannot start: " + e.getMessage();
      log.error(what);
      err.println("vitals-server: " + what);
      return ServerCommand.EXIT_START_FAILED;
    }
    DrainCoordinator drain = new DrainCoordinator(server, log);
    drain.installSignalHandlers();
    drain.awaitStopped();
    return ServerCommand.EXIT_OK;
  }

  /**
   * grpc-java reports a failed bind as an IOException ("Failed to bind to address ...") whose cause
   * is a BindException, or with the epoll transport a native exception that is not one.
   */
  private static boolean isBindFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException
          || (t.getMessage() != null && t.getMessage().startsWith("Failed to bind"))) {
        return true;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return String.valueOf(root.getMessage());
  }
}
