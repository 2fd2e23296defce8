package dev.vitals.server;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vitals-server}: runs the health server until SIGTERM or SIGINT, then drains.
 *
 * <p>Exit codes: 0 after a drain; 1 if the server cannot start (e.g. the port is taken); 2 for
 * bad configuration.
 */
@Command(
    name = "vitals-server",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Serves the gRPC Health Checking Protocol (grpc.health.v1.Health: Check, Watch, List), the "
          + "original /Health/check API, server reflection, and, with an admin token, the "
          + "vitals.admin.v1.StatusAdmin API.",
      "Every option can also be set by the environment variable named in its description; "
          + "a flag wins over its variable.",
      "On SIGTERM or SIGINT every status goes NOT_SERVING, the server keeps answering for the "
          + "drain delay, ends open Watch streams with UNAVAILABLE, and exits within the shutdown "
          + "grace. A second signal skips the rest of the drain delay."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:stopped after a drain",
      "1:could not start (for example, the port is in use)",
      "2:invalid configuration"
    })
public final class Main implements Callable<Integer> {
  static final int EXIT_OK = 0;
  static final int EXIT_START_FAILED = 1;
  static final int EXIT_CONFIG = 2;

  @Option(names = "--host", paramLabel = "HOST", defaultValue = "0.0.0.0",
      description = "Address to bind (env VITALS_HOST). Default: ${DEFAULT-VALUE}.")
  String host;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "8001",
      description = "Port to bind, 0-65535; 0 picks a free port (env VITALS_PORT). "
          + "Default: ${DEFAULT-VALUE}.")
  String port;

  @Option(names = "--workers", paramLabel = "N", defaultValue = "auto",
      description = "Event-loop threads that serve connections and run the (non-blocking) "
          + "handlers, or auto for one per available processor (env VITALS_WORKERS). "
          + "Default: ${DEFAULT-VALUE}.")
  String workers;

  @Option(names = "--service", paramLabel = "NAME=STATUS",
      description = "An initial status, repeatable: STATUS is SERVING, NOT_SERVING or UNKNOWN; "
          + "NAME may be empty (=NOT_SERVING) for the whole server, which is otherwise SERVING "
          + "once started (env VITALS_SERVICES, comma-separated; flags replace the variable).")
  List<String> services = new ArrayList<>();

  @Option(names = "--drain-delay", paramLabel = "DURATION",
      defaultValue = "3s",
      description = "How long to keep answering NOT_SERVING after SIGTERM before ending streams "
          + "(env VITALS_DRAIN_DELAY). Examples: 0, 500ms, 3s, 1m. Default: ${DEFAULT-VALUE}.")
  String drainDelay;

  @Option(names = "--shutdown-grace", paramLabel = "DURATION",
      defaultValue = "5s",
      description = "After the drain delay, how long to wait for calls in flight before "
          + "cancelling them (env VITALS_SHUTDOWN_GRACE). Default: ${DEFAULT-VALUE}.")
  String shutdownGrace;

  @Option(names = "--admin-token-file", paramLabel = "FILE",
      description = "File holding the admin token (env VITALS_ADMIN_TOKEN_FILE). The token can "
          + "also be given in env VITALS_ADMIN_TOKEN. Without a token the admin API is not "
          + "served.")
  Path adminTokenFile;

  @Option(names = "--max-list-entries", paramLabel = "N",
      defaultValue = "100",
      description = "List fails with RESOURCE_EXHAUSTED above this many services "
          + "(env VITALS_MAX_LIST_ENTRIES). Default: ${DEFAULT-VALUE}.")
  String maxListEntries;

  @Option(names = "--max-message-size", paramLabel = "BYTES",
      defaultValue = "4KiB",
      description = "Largest request message accepted; bigger ones fail with RESOURCE_EXHAUSTED. "
          + "At least 2KiB; suffixes KiB and MiB (env VITALS_MAX_MESSAGE_SIZE). "
          + "Default: ${DEFAULT-VALUE}.")
  String maxMessageSize;

  @Option(names = "--max-watchers", paramLabel = "N",
      defaultValue = "10000",
      description = "Most Watch streams open at once over all connections; more fail with "
          + "RESOURCE_EXHAUSTED (env VITALS_MAX_WATCHERS). Default: ${DEFAULT-VALUE}.")
  String maxWatchers;

  @Option(names = "--max-streams-per-connection", paramLabel = "N",
      defaultValue = "1000",
      description = "Most calls open at once on one connection (HTTP/2 "
          + "SETTINGS_MAX_CONCURRENT_STREAMS) (env VITALS_MAX_STREAMS_PER_CONNECTION). "
          + "Default: ${DEFAULT-VALUE}.")
  String maxStreamsPerConnection;

  @Option(names = "--keepalive-time", paramLabel = "DURATION",
      defaultValue = "1m",
      description = "Ping a connection after this long without traffic, to find dead clients; "
          + "at least 10s (env VITALS_KEEPALIVE_TIME). Default: ${DEFAULT-VALUE}.")
  String keepaliveTime;

  @Option(names = "--keepalive-timeout", paramLabel = "DURATION",
      defaultValue = "20s",
      description = "Close the connection if a ping is not answered within this "
          + "(env VITALS_KEEPALIVE_TIMEOUT). Default: ${DEFAULT-VALUE}.")
  String keepaliveTimeout;

  @Option(names = "--permit-keepalive-time", paramLabel = "DURATION",
      defaultValue = "30s",
      description = "Clients that ping more often than this get GOAWAY ENHANCE_YOUR_CALM "
          + "(env VITALS_PERMIT_KEEPALIVE_TIME). Default: ${DEFAULT-VALUE}.")
  String permitKeepaliveTime;

  @Option(names = "--max-connection-idle", paramLabel = "DURATION",
      defaultValue = "5m",
      description = "Close connections with no call open for this long; 0 = never "
          + "(env VITALS_MAX_CONNECTION_IDLE). Default: ${DEFAULT-VALUE}.")
  String maxConnectionIdle;

  @Option(names = "--max-connection-age", paramLabel = "DURATION",
      defaultValue = "0",
      description = "Ask connections older than this to reconnect; 0 = never "
          + "(env VITALS_MAX_CONNECTION_AGE). Default: ${DEFAULT-VALUE}.")
  String maxConnectionAge;

  @Option(names = "--max-connection-age-grace", paramLabel = "DURATION",
      defaultValue = "30s",
      description = "After the max connection age, cancel calls still open (Watch streams "
          + "included) after this; 0 = never (env VITALS_MAX_CONNECTION_AGE_GRACE). "
          + "Default: ${DEFAULT-VALUE}.")
  String maxConnectionAgeGrace;

  @Option(names = "--tls-cert", paramLabel = "FILE",
      description = "PEM certificate chain: serve TLS only, with --tls-key (env VITALS_TLS_CERT).")
  String tlsCert;

  @Option(names = "--tls-key", paramLabel = "FILE",
      description = "PEM PKCS#8 private key of --tls-cert (env VITALS_TLS_KEY).")
  String tlsKey;

  @Option(names = "--tls-client-ca", paramLabel = "FILE",
      description = "PEM CA certificates: clients must present a certificate they signed "
          + "(mutual TLS) (env VITALS_TLS_CLIENT_CA).")
  String tlsClientCa;

  @Option(names = "--tls-client-auth", paramLabel = "MODE",
      defaultValue = "require",
      description = "With --tls-client-ca: 'require' a client certificate on every connection, "
          + "or make it 'optional' (then use --admin-require-client-cert) "
          + "(env VITALS_TLS_CLIENT_AUTH). Default: ${DEFAULT-VALUE}.")
  String tlsClientAuth;

  @Option(names = "--tls-reload-interval", paramLabel = "DURATION",
      defaultValue = "1m",
      description = "Check the TLS files this often and serve new connections a changed "
          + "certificate without a restart; 0 = never (env VITALS_TLS_RELOAD_INTERVAL). "
          + "Default: ${DEFAULT-VALUE}.")
  String tlsReloadInterval;

  @Option(names = "--admin-require-client-cert", paramLabel = "BOOLEAN", arity = "0..1",
      fallbackValue = "true",
      defaultValue = "false",
      description = "Admin calls need a verified client certificate as well as the token; needs "
          + "--tls-cert, --tls-key and --tls-client-ca (env VITALS_ADMIN_REQUIRE_CLIENT_CERT). "
          + "Default: ${DEFAULT-VALUE}.")
  String adminRequireClientCert;

  /**
   * The variable of an option: {@code --max-watchers} reads {@code VITALS_MAX_WATCHERS}, from
   * {@link #env} (the process environment, or a test's map). {@code --service} has its own
   * comma-separated {@code VITALS_SERVICES}, merged in {@link #configure}; help and version have none.
   */
  private static String variableOf(String option) {
    return "VITALS_" + option.substring(2).toUpperCase(Locale.ROOT).replace('-', '_');
  }

  private final Map<String, String> env;
  private final PrintWriter err;
  /** The validated configuration, once {@link #call} has run. */
  VitalsServer.Builder built;

  Main(Map<String, String> env, PrintWriter err) {
    this.env = env;
    this.err = err;
  }

  public static void main(String[] args) {
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    Main main = new Main(System.getenv(), err);
    CommandLine cli = main.commandLine();
    int parsed = cli.execute(args);
    if (parsed != EXIT_OK || main.built == null) {
      System.exit(parsed);
    }
    System.exit(main.serve(main.built));
  }

  CommandLine commandLine() {
    CommandLine cli = new CommandLine(this);
    // No @file expansion: a value such as "@." is a value, not a file to read (found by fuzzing).
    cli.setExpandAtFiles(false);
    cli.setErr(err);
    cli.setDefaultValueProvider(arg -> {
      if (arg instanceof CommandLine.Model.OptionSpec) {
        CommandLine.Model.OptionSpec option = (CommandLine.Model.OptionSpec) arg;
        if (option.usageHelp() || option.versionHelp() || option.isMultiValue()) {
          return null;
        }
        String value = env.get(variableOf(option.longestName()));
        return value == null || value.isEmpty() ? null : value;
      }
      return null;
    });
    cli.setParameterExceptionHandler((ex, args) -> {
      err.println("vitals-server: " + ex.getMessage());
      err.println("Run 'vitals-server --help' for usage.");
      return EXIT_CONFIG;
    });
    cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      if (ex instanceof IllegalArgumentException) {
        err.println("vitals-server: " + ex.getMessage());
        return EXIT_CONFIG;
      }
      throw ex;
    });
    return cli;
  }

  /** Validates the options into a builder; the server is started by {@link #serve}. */
  @Override
  public Integer call() {
    built = configure();
    return EXIT_OK;
  }

  /** The builder the parsed options describe; throws IllegalArgumentException with one line. */
  VitalsServer.Builder configure() {
    VitalsServer.Builder builder = VitalsServer.builder();
    builder.host(host.trim());
    builder.port(parseInt("--port", port, 0, 65535));
    if (!workers.trim().equalsIgnoreCase("auto")) {
      builder.workerThreads(parseInt("--workers", workers, 1, 1024));
    }
    builder.maxListEntries(parseInt("--max-list-entries", maxListEntries, 1, 1_000_000));
    builder.drainDelay(parseDuration("--drain-delay", drainDelay));
    builder.shutdownGrace(parseDuration("--shutdown-grace", shutdownGrace));
    builder.maxInboundMessageSize(parseSize("--max-message-size", maxMessageSize, 2048, 16 << 20));
    builder.maxWatchers(parseInt("--max-watchers", maxWatchers, 1, 10_000_000));
    builder.maxStreamsPerConnection(
        parseInt("--max-streams-per-connection", maxStreamsPerConnection, 1, 1_000_000));
    builder.keepaliveTime(positive("--keepalive-time", keepaliveTime));
    builder.keepaliveTimeout(positive("--keepalive-timeout", keepaliveTimeout));
    builder.permitKeepaliveTime(parseDuration("--permit-keepalive-time", permitKeepaliveTime));
    builder.maxConnectionIdle(parseDuration("--max-connection-idle", maxConnectionIdle));
    builder.maxConnectionAge(parseDuration("--max-connection-age", maxConnectionAge));
    builder.maxConnectionAgeGrace(
        parseDuration("--max-connection-age-grace", maxConnectionAgeGrace));
    for (Map.Entry<String, HealthStatus> service : initialServices().entrySet()) {
      builder.service(service.getKey(), service.getValue());
    }
    String token = adminToken();
    if (token != null) {
      builder.adminToken(token);
    }
    configureTls(builder);
    builder.validate();
    return builder;
  }

  private void configureTls(VitalsServer.Builder builder) {
    boolean hasCert = tlsCert != null && !tlsCert.isBlank();
    boolean hasKey = tlsKey != null && !tlsKey.isBlank();
    if (hasCert != hasKey) {
      throw new IllegalArgumentException(
          "--tls-cert and --tls-key go together: set both or neither");
    }
    if (hasCert) {
      builder.tls(Path.of(tlsCert.trim()), Path.of(tlsKey.trim()));
    }
    if (tlsClientCa != null && !tlsClientCa.isBlank()) {
      if (!hasCert) {
        throw new IllegalArgumentException("--tls-client-ca needs --tls-cert and --tls-key");
      }
      builder.tlsClientCa(Path.of(tlsClientCa.trim()));
    }
    builder.tlsReloadInterval(parseDuration("--tls-reload-interval", tlsReloadInterval));
    switch (tlsClientAuth.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "require":
        break;
      case "optional":
        builder.clientCertOptional(true);
        break;
      default:
        throw new IllegalArgumentException(
            "--tls-client-auth '" + tlsClientAuth + "' is not 'require' or 'optional'");
    }
    switch (adminRequireClientCert.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "true":
        if (!hasCert || tlsClientCa == null || tlsClientCa.isBlank()) {
          throw new IllegalArgumentException("--admin-require-client-cert needs TLS with a client "
              + "CA: set --tls-cert, --tls-key and --tls-client-ca");
        }
        builder.adminRequiresClientCert(true);
        break;
      case "false":
        break;
      default:
        throw new IllegalArgumentException("--admin-require-client-cert '" + adminRequireClientCert
            + "' is not true or false");
    }
  }

  private Map<String, HealthStatus> initialServices() {
    List<String> specs = services;
    String source = "--service";
    if (specs.isEmpty()) {
      String fromEnv = env.get("VITALS_SERVICES");
      if (fromEnv != null && !fromEnv.isBlank()) {
        specs = List.of(fromEnv.split(","));
        source = "VITALS_SERVICES";
      }
    }
    Map<String, HealthStatus> result = new LinkedHashMap<>();
    for (String spec : specs) {
      int eq = spec.lastIndexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException(
            source + " '" + spec + "' is not NAME=STATUS (e.g. db=SERVING)");
      }
      String name = spec.substring(0, eq).trim();
      String statusText = spec.substring(eq + 1);
      HealthStatus status;
      try {
        status = HealthStatus.parse(statusText);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(source + " '" + spec + "': " + e.getMessage());
      }
      String problem = ServiceNames.problem(name);
      if (problem != null) {
        throw new IllegalArgumentException(source + " '" + spec + "': " + problem);
      }
      result.put(name, status);
    }
    return result;
  }

  private String adminToken() {
    String fromEnv = env.get("VITALS_ADMIN_TOKEN");
    boolean envSet = fromEnv != null && !fromEnv.isEmpty();
    if (adminTokenFile != null && envSet) {
      throw new IllegalArgumentException(
          "both --admin-token-file (or VITALS_ADMIN_TOKEN_FILE) and VITALS_ADMIN_TOKEN are set; "
              + "use one");
    }
    if (adminTokenFile != null) {
      String token;
      try {
        token = Files.readString(adminTokenFile, StandardCharsets.UTF_8).trim();
      } catch (IOException e) {
        throw new IllegalArgumentException(
            "cannot read admin token file " + adminTokenFile + ": " + e);
      }
      if (token.isEmpty()) {
        throw new IllegalArgumentException("admin token file " + adminTokenFile + " is empty");
      }
      return token;
    }
    if (envSet) {
      if (fromEnv.isBlank()) {
        throw new IllegalArgumentException("VITALS_ADMIN_TOKEN is blank");
      }
      return fromEnv.trim();
    }
    return null;
  }

  private static int parseInt(String option, String text, int min, int max) {
    int value;
    try {
      value = Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " '" + text + "' is not a number");
    }
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          option + " " + value + " is out of range " + min + "-" + max);
    }
    return value;
  }

  /** Bytes, with an optional KiB or MiB suffix (K, KB, M, MB also read as binary units). */
  static int parseSize(String option, String text, int min, int max) {
    String t = text.trim();
    String upper = t.toUpperCase(java.util.Locale.ROOT);
    long unit = 1;
    for (String[] suffix : new String[][] {{"KIB", "1024"}, {"KB", "1024"}, {"K", "1024"},
        {"MIB", "1048576"}, {"MB", "1048576"}, {"M", "1048576"}, {"B", "1"}}) {
      if (upper.endsWith(suffix[0])) {
        unit = Long.parseLong(suffix[1]);
        t = t.substring(0, t.length() - suffix[0].length()).trim();
        break;
      }
    }
    long value;
    try {
      value = Long.parseLong(t) * unit;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          option + " '" + text + "' is not a size (examples: 4096, 4KiB, 1MiB)");
    }
    if (value < min || value > max) {
      throw new IllegalArgumentException(option + " " + text.trim() + " is out of range " + min
          + "-" + max + " bytes");
    }
    return (int) value;
  }

  private static Duration positive(String option, String text) {
    Duration duration = parseDuration(option, text);
    if (duration.isZero()) {
      throw new IllegalArgumentException(option + " must be more than 0");
    }
    return duration;
  }

  private static Duration parseDuration(String option, String text) {
    try {
      return Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(option + ": " + e.getMessage());
    }
  }

  /** Starts the server and blocks until a signal has drained and stopped it. */
  int serve(VitalsServer.Builder builder) {
    Logger log = LoggerFactory.getLogger(Main.class);
    VitalsServer server = builder.build();
    try {
      server.start();
    } catch (IOException e) {
      String what = isBindFailure(e)
          ? "cannot bind " + host + ":" + port + ": " + rootMessage(e)
          : "cannot start: " + e.getMessage();
      log.error(what);
      err.println("vitals-server: " + what);
      return EXIT_START_FAILED;
    }
    AtomicBoolean signalled = new AtomicBoolean();
    CountDownLatch stopped = new CountDownLatch(1);
    Thread drainer = new Thread(() -> {
      try {
        server.drainAndStop();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        server.close();
      } finally {
        stopped.countDown();
      }
    }, "vitals-drain");
    Signals.onTermination(signal -> {
      if (signalled.compareAndSet(false, true)) {
        log.info("received SIG{}: draining", signal);
        drainer.start();
      } else {
        log.info("received SIG{} again: ending the drain delay now", signal);
        server.endDrainDelay();
      }
    });
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      server.close();
    }
    return EXIT_OK;
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

  /** Reports the version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Main.class.getPackage().getImplementationVersion();
      return new String[] {"vitals-server " + (version != null ? version : "(development build)")};
    }
  }
}
