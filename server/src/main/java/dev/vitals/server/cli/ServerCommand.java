package dev.vitals.server.cli;

import dev.vitals.common.AdminTokens;
import dev.vitals.common.HealthStatus;
import dev.vitals.server.ServerConfig;
import dev.vitals.server.ServerConfigBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vitals-server}: runs the health server until SIGTERM or SIGINT, then drains.
 *
 * <p>Exit codes: 0 after a drain; 1 if the server cannot start (e.g. the port is taken); 2 for bad
 * configuration.
 */
@Command(
    name = "vitals-server",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
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
final class ServerCommand implements Callable<Integer> {
  static final int EXIT_OK = 0;
  static final int EXIT_START_FAILED = 1;
  static final int EXIT_CONFIG = 2;

  @Option(
      names = "--host",
      paramLabel = "HOST",
      defaultValue = "0.0.0.0",
      description = "Address to bind (env VITALS_HOST). Default: ${DEFAULT-VALUE}.")
  String host;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "8001",
      description =
          "Port to bind, 0-65535; 0 picks a free port (env VITALS_PORT). "
              + "Default: ${DEFAULT-VALUE}.",
      converter = IntRangeConverter.Port.class)
  int port;

  @Option(
      names = "--workers",
      paramLabel = "N",
      defaultValue = "auto",
      description =
          "Event-loop threads that serve connections and run the (non-blocking) "
              + "handlers, or auto for one per available processor (env VITALS_WORKERS). "
              + "Default: ${DEFAULT-VALUE}.",
      converter = IntRangeConverter.Workers.class)
  Integer workers;

  @Option(
      names = "--service",
      paramLabel = "NAME=STATUS",
      description =
          "An initial status, repeatable: STATUS is SERVING, NOT_SERVING or UNKNOWN; "
              + "NAME may be empty (=NOT_SERVING) for the whole server, which is otherwise SERVING "
              + "once started (env VITALS_SERVICES, comma-separated; flags replace the variable).")
  List<String> services = new ArrayList<>();

  @Option(
      names = "--drain-delay",
      paramLabel = "DURATION",
      defaultValue = "3s",
      description =
          "How long to keep answering NOT_SERVING after SIGTERM before ending streams "
              + "(env VITALS_DRAIN_DELAY). Examples: 0, 500ms, 3s, 1m. Default: ${DEFAULT-VALUE}.",
      converter = DurationConverter.class)
  Duration drainDelay;

  @Option(
      names = "--shutdown-grace",
      paramLabel = "DURATION",
      defaultValue = "5s",
      description =
          "After the drain delay, how long to wait for calls in flight before "
              + "cancelling them (env VITALS_SHUTDOWN_GRACE). Default: ${DEFAULT-VALUE}.",
      converter = DurationConverter.class)
  Duration shutdownGrace;

  @Option(
      names = "--admin-token-file",
      paramLabel = "FILE",
      description =
          "File holding the admin token (env VITALS_ADMIN_TOKEN_FILE). The token can "
              + "also be given in env VITALS_ADMIN_TOKEN. Without a token the admin API is not "
              + "served.")
  Path adminTokenFile;

  @Option(
      names = "--allow-short-admin-token",
      paramLabel = "BOOLEAN",
      arity = "0..1",
      fallbackValue = "true",
      defaultValue = "false",
      description =
          "Accept an admin token shorter than 16 bytes, for tests only; the placeholder of "
              + "vitals.env.example is refused regardless (env VITALS_ALLOW_SHORT_ADMIN_TOKEN). "
              + "Default: ${DEFAULT-VALUE}.",
      converter = ChoiceConverter.TrueFalse.class)
  String allowShortAdminToken;

  @Option(
      names = "--max-list-entries",
      paramLabel = "N",
      defaultValue = "100",
      description =
          "List fails with RESOURCE_EXHAUSTED above this many services "
              + "(env VITALS_MAX_LIST_ENTRIES). Default: ${DEFAULT-VALUE}.",
      converter = IntRangeConverter.UpToAMillion.class)
  int maxListEntries;

  @Option(
      names = "--max-message-size",
      paramLabel = "BYTES",
      defaultValue = "4KiB",
      description =
          "Largest request message accepted; bigger ones fail with RESOURCE_EXHAUSTED. "
              + "At least 2KiB; suffixes KiB and MiB (env VITALS_MAX_MESSAGE_SIZE). "
              + "Default: ${DEFAULT-VALUE}.",
      converter = SizeConverter.class)
  int maxMessageSize;

  @Option(
      names = "--max-watchers",
      paramLabel = "N",
      defaultValue = "10000",
      description =
          "Most Watch streams open at once over all connections; more fail with "
              + "RESOURCE_EXHAUSTED (env VITALS_MAX_WATCHERS). Default: ${DEFAULT-VALUE}.",
      converter = IntRangeConverter.Watchers.class)
  int maxWatchers;

  @Option(
      names = "--max-streams-per-connection",
      paramLabel = "N",
      defaultValue = "1000",
      description =
          "Most calls open at once on one connection (HTTP/2 "
              + "SETTINGS_MAX_CONCURRENT_STREAMS) (env VITALS_MAX_STREAMS_PER_CONNECTION). "
              + "Default: ${DEFAULT-VALUE}.",
      converter = IntRangeConverter.UpToAMillion.class)
  int maxStreamsPerConnection;

  @Option(
      names = "--keepalive-time",
      paramLabel = "DURATION",
      defaultValue = "1m",
      description =
          "Ping a connection after this long without traffic, to find dead clients; "
              + "at least 10s (env VITALS_KEEPALIVE_TIME). Default: ${DEFAULT-VALUE}.",
      converter = DurationConverter.Positive.class)
  Duration keepaliveTime;

  @Option(
      names = "--keepalive-timeout",
      paramLabel = "DURATION",
      defaultValue = "20s",
      description =
          "Close the connection if a ping is not answered within this "
              + "(env VITALS_KEEPALIVE_TIMEOUT). Default: ${DEFAULT-VALUE}.",
      converter = DurationConverter.Positive.class)
  Duration keepaliveTimeout;

  @Option(
      names = "--handshake-timeout",
      paramLabel = "DURATION",
      defaultValue = "10s",
      description =
          "Close a new connection that has not completed TLS (if on), the HTTP/2 preface and its "
              + "first SETTINGS within this: half-open and slowloris connections "
              + "(env VITALS_HANDSHAKE_TIMEOUT). Default: ${DEFAULT-VALUE}.",
      converter = DurationConverter.Positive.class)
  Duration handshakeTimeout;

  @Option(
      names = "--permit-keepalive-time",
      paramLabel = "DURATION",
      defaultValue = "30s",
      description =
          "Clients that ping more often than this get GOAWAY ENHANCE_YOUR_CALM "
              + "(env VITALS_PERMIT_KEEPALIVE_TIME). Default: ${DEFAULT-VALUE}.",
      converter = DurationConverter.class)
  Duration permitKeepaliveTime;

  @Option(
      names = "--max-connection-idle",
      paramLabel = "DURATION",
      defaultValue = "5m",
      description =
          "Close connections with no call open for this long; 0 = never "
              + "(env VITALS_MAX_CONNECTION_IDLE). Default: ${DEFAULT-VALUE}.",
      converter = DurationConverter.class)
  Duration maxConnectionIdle;

  @Option(
      names = "--max-connection-age",
      paramLabel = "DURATION",
      defaultValue = "0",
      description =
          "Ask connections older than this to reconnect; 0 = never "
              + "(env VITALS_MAX_CONNECTION_AGE). Default: ${DEFAULT-VALUE}.",
      converter = DurationConverter.class)
  Duration maxConnectionAge;

  @Option(
      names = "--max-connection-age-grace",
      paramLabel = "DURATION",
      defaultValue = "30s",
      description =
          "After the max connection age, cancel calls still open (Watch streams "
              + "included) after this; 0 = never (env VITALS_MAX_CONNECTION_AGE_GRACE). "
              + "Default: ${DEFAULT-VALUE}.",
      converter = DurationConverter.class)
  Duration maxConnectionAgeGrace;

  @Option(
      names = "--tls-cert",
      paramLabel = "FILE",
      description = "PEM certificate chain: serve TLS only, with --tls-key (env VITALS_TLS_CERT).")
  String tlsCert;

  @Option(
      names = "--tls-key",
      paramLabel = "FILE",
      description = "PEM PKCS#8 private key of --tls-cert (env VITALS_TLS_KEY).")
  String tlsKey;

  @Option(
      names = "--tls-client-ca",
      paramLabel = "FILE",
      description =
          "PEM CA certificates: clients must present a certificate they signed "
              + "(mutual TLS) (env VITALS_TLS_CLIENT_CA).")
  String tlsClientCa;

  @Option(
      names = "--tls-client-auth",
      paramLabel = "MODE",
      defaultValue = "require",
      description =
          "With --tls-client-ca: 'require' a client certificate on every connection, "
              + "or make it 'optional' (then use --admin-require-client-cert) "
              + "(env VITALS_TLS_CLIENT_AUTH). Default: ${DEFAULT-VALUE}.",
      converter = ChoiceConverter.ClientAuth.class)
  String tlsClientAuth;

  @Option(
      names = "--tls-reload-interval",
      paramLabel = "DURATION",
      defaultValue = "1m",
      description =
          "Check the TLS files this often and serve new connections a changed "
              + "certificate without a restart; 0 = never (env VITALS_TLS_RELOAD_INTERVAL). "
              + "Default: ${DEFAULT-VALUE}.",
      converter = DurationConverter.class)
  Duration tlsReloadInterval;

  @Option(
      names = "--admin-require-client-cert",
      paramLabel = "BOOLEAN",
      arity = "0..1",
      fallbackValue = "true",
      defaultValue = "false",
      description =
          "Admin calls need a verified client certificate as well as the token; needs "
              + "--tls-cert, --tls-key and --tls-client-ca (env VITALS_ADMIN_REQUIRE_CLIENT_CERT). "
              + "Default: ${DEFAULT-VALUE}.",
      converter = ChoiceConverter.TrueFalse.class)
  String adminRequireClientCert;

  @Mixin ChecksOptions checks = new ChecksOptions();

  /** The HTTP endpoint's options (their own class, so each concern's options stay together). */
  @Mixin HttpOptions http = new HttpOptions();

  private final Map<String, String> env;

  /** The validated configuration, once {@link #call} has run. */
  @Nullable ServerConfig built;

  ServerCommand(Map<String, String> env) {
    this.env = env;
  }

  /** Validates the options into a configuration; the server is started by the launcher. */
  @Override
  public Integer call() {
    built = configure().build();
    return EXIT_OK;
  }

  /**
   * The builder the parsed options describe. Values were converted (and range-checked) by the
   * options' converters; rules between settings are {@link ServerConfig}'s.
   */
  ServerConfigBuilder configure() {
    ServerConfigBuilder builder =
        ServerConfig.builder()
            .host(host.trim())
            .port(port)
            .maxListEntries(maxListEntries)
            .drainDelay(drainDelay)
            .shutdownGrace(shutdownGrace)
            .maxInboundMessageSize(maxMessageSize)
            .maxWatchers(maxWatchers)
            .maxStreamsPerConnection(maxStreamsPerConnection)
            .keepaliveTime(keepaliveTime)
            .keepaliveTimeout(keepaliveTimeout)
            .handshakeTimeout(handshakeTimeout)
            .permitKeepaliveTime(permitKeepaliveTime)
            .maxConnectionIdle(maxConnectionIdle)
            .maxConnectionAge(maxConnectionAge)
            .maxConnectionAgeGrace(maxConnectionAgeGrace)
            .tlsReloadInterval(tlsReloadInterval)
            .clientCertOptional(tlsClientAuth.equals("optional"))
            .adminRequiresClientCert(adminRequireClientCert.equals("true"))
            .allowShortAdminToken(allowShortAdminToken.equals("true"))
            .http(http.toConfig())
            .checks(checks.read());
    if (workers != null) {
      builder.workerThreads(workers);
    }
    for (Map.Entry<String, HealthStatus> service :
        InitialServices.parse(services, env).entrySet()) {
      builder.service(service.getKey(), service.getValue());
    }
    adminToken().ifPresent(builder::adminToken);
    // A blank path is no path: an empty variable or flag leaves the setting off.
    if (!isBlank(tlsCert)) {
      builder.tlsCertificate(Path.of(tlsCert.trim()));
    }
    if (!isBlank(tlsKey)) {
      builder.tlsKey(Path.of(tlsKey.trim()));
    }
    if (!isBlank(tlsClientCa)) {
      builder.tlsClientCa(Path.of(tlsClientCa.trim()));
    }
    return builder;
  }

  private static boolean isBlank(String text) {
    return text == null || text.isBlank();
  }

  /**
   * The admin token from {@code --admin-token-file} (or {@code VITALS_ADMIN_TOKEN_FILE}) or from
   * {@code VITALS_ADMIN_TOKEN}, never both; messages never include the token.
   */
  private Optional<String> adminToken() {
    String fromEnv = env.get(AdminTokens.ENV);
    if (adminTokenFile != null && fromEnv != null && !fromEnv.isEmpty()) {
      throw new IllegalArgumentException(
          "both --admin-token-file (or VITALS_ADMIN_TOKEN_FILE) and "
              + AdminTokens.ENV
              + " are set; use one");
    }
    if (adminTokenFile != null) {
      return Optional.of(AdminTokens.fromFile(adminTokenFile, "admin token file"));
    }
    return AdminTokens.fromEnvironment(env);
  }
}
