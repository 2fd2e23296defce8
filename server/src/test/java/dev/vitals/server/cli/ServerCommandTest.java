package dev.vitals.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.vitals.common.HealthStatus;
import dev.vitals.server.ServerConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ServerCommandTest {
  private final Map<String, String> env = new HashMap<>();
  private final StringWriter err = new StringWriter();
  private ServerLauncher main;

  private int run(String... args) {
    main = new ServerLauncher(env, new PrintWriter(err, true));
    var cli = main.commandLine();
    cli.setOut(new PrintWriter(new StringWriter(), true));
    return cli.execute(args);
  }

  private ServerConfig configured() {
    assertThat(main.configured()).as("configuration accepted").isNotNull();
    return main.configured();
  }

  /** The limits that the two limit tests below set, in one comparable list. */
  private static List<Object> limits(ServerConfig config) {
    return List.of(
        config.maxInboundMessageSize(),
        config.maxWatchers(),
        config.maxStreamsPerConnection(),
        config.keepaliveTime(),
        config.keepaliveTimeout(),
        config.handshakeTimeout(),
        config.permitKeepaliveTime(),
        config.maxConnectionIdle(),
        config.maxConnectionAge(),
        config.maxConnectionAgeGrace(),
        config.tlsReloadInterval(),
        config.tlsMode(),
        config.adminRequiresClientCert());
  }

  @Test
  void run_valueStartingWithAt_isAValueNotAnArgumentFile() {
    // picocli would read "@." as an argument file and fail with a stack trace and exit 1.
    assertThat(run("--drain-delay", "@.")).isEqualTo(ServerCommand.EXIT_CONFIG);
    assertThat(err.toString()).startsWith("vitals-server: ").contains("'@.' is not a duration");
  }

  @Test
  void run_serviceNameStartingWithAt_isAccepted() {
    assertThat(run("--service", "@db=NOT_SERVING")).isZero();
    assertThat(configured().services()).containsExactly(entry("@db", HealthStatus.NOT_SERVING));
  }

  @Test
  void run_noArguments_usesDefaults() {
    assertThat(run()).isZero();
    ServerConfig config = configured();
    assertThat(config.host()).isEqualTo("0.0.0.0");
    assertThat(config.port()).isEqualTo(8001);
    assertThat(config.workerThreads()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(config.drainDelay()).isEqualTo(Duration.ofSeconds(3));
    assertThat(config.shutdownGrace()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.maxListEntries()).isEqualTo(100);
    assertThat(config.adminToken()).isNull();
    assertThat(config.services()).isEmpty();
    assertThat(limits(config))
        .containsExactly(
            4096,
            10000,
            1000,
            Duration.ofMinutes(1),
            Duration.ofSeconds(20),
            Duration.ofSeconds(10),
            Duration.ofSeconds(30),
            Duration.ofMinutes(5),
            Duration.ZERO,
            Duration.ofSeconds(30),
            Duration.ofMinutes(1),
            "off",
            false);
    assertThat(config.tlsCert()).isNull();
    assertThat(config.tlsKey()).isNull();
    assertThat(config.tlsClientCa()).isNull();
    assertThat(config.clientCertOptional()).isFalse();
    assertThat(config.inProcessName()).isNull();
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void run_workersAuto_usesOnePerProcessor() {
    assertThat(run("--workers", "AUTO")).isZero();
    assertThat(configured().workerThreads()).isEqualTo(Runtime.getRuntime().availableProcessors());
  }

  @Test
  void run_everyFlag_isApplied(@TempDir Path dir) throws Exception {
    Path token =
        Files.writeString(dir.resolve("token"), "abc-0123456789-abc\n", StandardCharsets.UTF_8);
    assertThat(
            run(
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                "--workers",
                "2",
                "--service",
                "db=SERVING",
                "--service",
                "=not_serving",
                "--drain-delay",
                "1m30s",
                "--shutdown-grace",
                "PT2S",
                "--admin-token-file",
                token.toString(),
                "--max-list-entries",
                "500"))
        .isZero();
    ServerConfig config = configured();
    assertThat(config.host()).isEqualTo("127.0.0.1");
    assertThat(config.port()).isZero();
    assertThat(config.workerThreads()).isEqualTo(2);
    assertThat(config.drainDelay()).isEqualTo(Duration.ofSeconds(90));
    assertThat(config.shutdownGrace()).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.maxListEntries()).isEqualTo(500);
    assertThat(config.adminToken()).isEqualTo("abc-0123456789-abc");
    assertThat(config.services())
        .containsExactly(entry("db", HealthStatus.SERVING), entry("", HealthStatus.NOT_SERVING));
    assertThat(limits(config))
        .containsExactly(
            4096,
            10000,
            1000,
            Duration.ofMinutes(1),
            Duration.ofSeconds(20),
            Duration.ofSeconds(10),
            Duration.ofSeconds(30),
            Duration.ofMinutes(5),
            Duration.ZERO,
            Duration.ofSeconds(30),
            Duration.ofMinutes(1),
            "off",
            false);
  }

  @Test
  void run_everyLimitFlag_isApplied() {
    assertThat(
            run(
                "--max-message-size",
                "8KiB",
                "--max-watchers",
                "50",
                "--max-streams-per-connection",
                "10",
                "--keepalive-time",
                "30s",
                "--keepalive-timeout",
                "5s",
                "--handshake-timeout",
                "2s",
                "--permit-keepalive-time",
                "10s",
                "--max-connection-idle",
                "0",
                "--max-connection-age",
                "1h",
                "--max-connection-age-grace",
                "1m"))
        .isZero();
    assertThat(limits(configured()))
        .containsExactly(
            8192,
            50,
            10,
            Duration.ofSeconds(30),
            Duration.ofSeconds(5),
            Duration.ofSeconds(2),
            Duration.ofSeconds(10),
            Duration.ZERO,
            Duration.ofHours(1),
            Duration.ofMinutes(1),
            Duration.ofMinutes(1),
            "off",
            false);
  }

  @Test
  void run_baseVariables_areReadFromTheSameEnvironmentAsTheLimits() {
    env.put("VITALS_HOST", "127.0.0.1");
    env.put("VITALS_PORT", "9001");
    env.put("VITALS_WORKERS", "3");
    env.put("VITALS_DRAIN_DELAY", "1s");
    env.put("VITALS_SHUTDOWN_GRACE", "2s");
    env.put("VITALS_MAX_LIST_ENTRIES", "7");
    assertThat(run()).isZero();
    ServerConfig config = configured();
    assertThat(config.host()).isEqualTo("127.0.0.1");
    assertThat(config.port()).isEqualTo(9001);
    assertThat(config.workerThreads()).isEqualTo(3);
    assertThat(config.drainDelay()).isEqualTo(Duration.ofSeconds(1));
    assertThat(config.shutdownGrace()).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.maxListEntries()).isEqualTo(7);
  }

  @Test
  void run_everyLimitVariable_isApplied() {
    env.put("VITALS_MAX_MESSAGE_SIZE", "16384");
    env.put("VITALS_MAX_WATCHERS", "60");
    env.put("VITALS_MAX_STREAMS_PER_CONNECTION", "20");
    env.put("VITALS_KEEPALIVE_TIME", "2m");
    env.put("VITALS_KEEPALIVE_TIMEOUT", "3s");
    env.put("VITALS_HANDSHAKE_TIMEOUT", "750ms");
    env.put("VITALS_PERMIT_KEEPALIVE_TIME", "0");
    env.put("VITALS_MAX_CONNECTION_IDLE", "10m");
    env.put("VITALS_MAX_CONNECTION_AGE", "30m");
    env.put("VITALS_MAX_CONNECTION_AGE_GRACE", "0");
    assertThat(run()).isZero();
    assertThat(limits(configured()))
        .containsExactly(
            16384,
            60,
            20,
            Duration.ofMinutes(2),
            Duration.ofSeconds(3),
            Duration.ofMillis(750),
            Duration.ZERO,
            Duration.ofMinutes(10),
            Duration.ofMinutes(30),
            Duration.ZERO,
            Duration.ofMinutes(1),
            "off",
            false);
  }

  @Test
  void run_environment_isApplied() {
    env.put("VITALS_SERVICES", "db=SERVING, cache=UNKNOWN");
    env.put("VITALS_ADMIN_TOKEN", "t0ken-0123456789abcdef");
    assertThat(run()).isZero();
    assertThat(configured().adminToken()).isEqualTo("t0ken-0123456789abcdef");
    assertThat(configured().services())
        .containsExactly(entry("db", HealthStatus.SERVING), entry("cache", HealthStatus.UNKNOWN));
  }

  @Test
  void run_serviceFlags_replaceEnvironment() {
    env.put("VITALS_SERVICES", "db=SERVING");
    assertThat(run("--service", "cache=NOT_SERVING")).isZero();
    assertThat(configured().services()).containsExactly(entry("cache", HealthStatus.NOT_SERVING));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "--port 99999 | --port 99999 is out of range 0-65535",
        "--port -1 | --port -1 is out of range 0-65535",
        "--port http | --port 'http' is not a number",
        "--workers 0 | --workers 0 is out of range 1-1024",
        "--service db=SERVNG | --service 'db=SERVNG': unknown status 'SERVNG' (expected SERVING, NOT_SERVING or UNKNOWN)",
        "--service db=SERVICE_UNKNOWN | --service 'db=SERVICE_UNKNOWN': unknown status 'SERVICE_UNKNOWN' (expected SERVING, NOT_SERVING or UNKNOWN)",
        "--service db | --service 'db' is not NAME=STATUS (e.g. db=SERVING)",
        "--drain-delay 3 | --drain-delay: '3' is not a duration (examples: 500ms, 3s, 1m30s, PT5S)",
        "--shutdown-grace soon | --shutdown-grace: 'soon' is not a duration (examples: 500ms, 3s, 1m30s, PT5S)",
        "--admin-token-file /nonexistent/token | cannot read admin token file /nonexistent/token: no such file",
        "--bogus | Unknown option: '--bogus'",
        "--max-message-size 1KiB | --max-message-size 1KiB is out of range 2048-16777216 bytes",
        "--max-message-size big | --max-message-size 'big' is not a size (examples: 4096, 4KiB, 1MiB)",
        "--max-watchers 0 | --max-watchers 0 is out of range 1-10000000",
        "--max-streams-per-connection x | --max-streams-per-connection 'x' is not a number",
        "--keepalive-time 0 | --keepalive-time must be more than 0",
        "--keepalive-timeout 0 | --keepalive-timeout must be more than 0",
        "--handshake-timeout 0 | --handshake-timeout must be more than 0",
        "--max-connection-age soon | --max-connection-age: 'soon' is not a duration",
        "--admin-require-client-cert | --admin-require-client-cert needs TLS with a client CA",
        "--tls-cert cert.pem | --tls-cert and --tls-key go together: set both or neither",
        "--tls-client-auth maybe | --tls-client-auth 'maybe' is not 'require' or 'optional'",
        "--tls-reload-interval often | --tls-reload-interval: 'often' is not a duration",
        "--tls-cert /nonexistent/c --tls-key /nonexistent/k | TLS certificate file /nonexistent/c is not a readable file",
      })
  void run_badValue_exitsTwoWithOneClearLine(String args, String message) {
    assertThat(run(args.trim().split(" "))).isEqualTo(ServerCommand.EXIT_CONFIG);
    assertThat(main.configured()).isNull();
    String firstLine = err.toString().lines().findFirst().orElse("");
    assertThat(firstLine).startsWith("vitals-server: ").contains(message);
  }

  @Test
  void run_tlsFlags_areApplied(@TempDir Path dir) throws Exception {
    Path cert = Files.writeString(dir.resolve("cert.pem"), "cert");
    Path key = Files.writeString(dir.resolve("key.pem"), "key");
    Path ca = Files.writeString(dir.resolve("ca.pem"), "ca");
    assertThat(run("--tls-cert", cert.toString(), "--tls-key", key.toString())).isZero();
    assertThat(configured().tlsMode()).isEqualTo("on");
    assertThat(configured().tlsCert()).isEqualTo(cert);
    assertThat(configured().tlsKey()).isEqualTo(key);
    assertThat(configured().adminRequiresClientCert()).isFalse();
    assertThat(
            run(
                "--tls-cert",
                cert.toString(),
                "--tls-key",
                key.toString(),
                "--tls-client-ca",
                ca.toString()))
        .isZero();
    assertThat(configured().tlsMode()).isEqualTo("mutual");
    assertThat(configured().tlsClientCa()).isEqualTo(ca);
    assertThat(configured().adminRequiresClientCert()).isFalse();
    env.put("VITALS_ADMIN_TOKEN", "t0ken-0123456789abcdef");
    assertThat(
            run(
                "--tls-cert",
                cert.toString(),
                "--tls-key",
                key.toString(),
                "--tls-client-ca",
                ca.toString(),
                "--tls-client-auth",
                "optional",
                "--admin-require-client-cert",
                "--tls-reload-interval",
                "0"))
        .isZero();
    assertThat(configured().tlsReloadInterval()).isZero();
    assertThat(configured().tlsMode()).isEqualTo("mutual-optional");
    assertThat(configured().adminRequiresClientCert()).isTrue();
  }

  @Test
  void run_tlsVariables_areApplied(@TempDir Path dir) throws Exception {
    env.put("VITALS_TLS_CERT", Files.writeString(dir.resolve("cert.pem"), "c").toString());
    env.put("VITALS_TLS_KEY", Files.writeString(dir.resolve("key.pem"), "k").toString());
    env.put("VITALS_TLS_CLIENT_CA", Files.writeString(dir.resolve("ca.pem"), "ca").toString());
    env.put("VITALS_TLS_CLIENT_AUTH", "optional");
    env.put("VITALS_ADMIN_REQUIRE_CLIENT_CERT", "true");
    env.put("VITALS_ADMIN_TOKEN", "t0ken-0123456789abcdef");
    env.put("VITALS_TLS_RELOAD_INTERVAL", "10s");
    assertThat(run()).isZero();
    assertThat(configured().tlsReloadInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(configured().tlsMode()).isEqualTo("mutual-optional");
    assertThat(configured().adminRequiresClientCert()).isTrue();
  }

  @Test
  void run_adminRequireClientCertWithoutToken_exitsTwo(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("f.pem"), "x");
    assertThat(
            run(
                "--tls-cert",
                file.toString(),
                "--tls-key",
                file.toString(),
                "--tls-client-ca",
                file.toString(),
                "--admin-require-client-cert"))
        .isEqualTo(ServerCommand.EXIT_CONFIG);
    assertThat(err.toString()).startsWith("vitals-server: ").contains("needs an admin token");
  }

  @Test
  void run_flagOverBadVariable_flagWins() {
    env.put("VITALS_PORT", "http");
    env.put("VITALS_DRAIN_DELAY", "soon");
    assertThat(run("--port", "9002", "--drain-delay", "1s")).isZero();
    assertThat(configured().port()).isEqualTo(9002);
    assertThat(configured().drainDelay()).isEqualTo(Duration.ofSeconds(1));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "--port=http",
        "--drain-delay=soon",
        "--max-message-size=big",
        "--tls-client-auth=maybe",
        "--workers=0",
        "--keepalive-time=0"
      })
  void run_badValue_isExactlyOneLine(String arg) {
    assertThat(run(arg)).isEqualTo(ServerCommand.EXIT_CONFIG);
    assertThat(err.toString().lines()).hasSize(1);
  }

  @Test
  void run_unknownOption_pointsToUsage() {
    assertThat(run("--bogus")).isEqualTo(ServerCommand.EXIT_CONFIG);
    assertThat(err.toString().lines())
        .containsExactly(
            "vitals-server: Unknown option: '--bogus'", "Run 'vitals-server --help' for usage.");
  }

  @Test
  void run_badPortVariable_namesTheOption() {
    env.put("VITALS_PORT", "http");
    assertThat(run()).isEqualTo(ServerCommand.EXIT_CONFIG);
    assertThat(err.toString()).startsWith("vitals-server: --port 'http' is not a number");
  }

  @Test
  void run_badEnvironmentValue_exitsTwo() {
    env.put("VITALS_SERVICES", "db=MAYBE");
    assertThat(run()).isEqualTo(ServerCommand.EXIT_CONFIG);
    assertThat(err.toString()).contains("VITALS_SERVICES 'db=MAYBE': unknown status 'MAYBE'");
  }

  @Test
  void run_tokenInBothFileAndEnvironment_exitsTwo(@TempDir Path dir) throws Exception {
    Path token =
        Files.writeString(dir.resolve("token"), "abc-0123456789-abc", StandardCharsets.UTF_8);
    env.put("VITALS_ADMIN_TOKEN", "def-0123456789-def");
    assertThat(run("--admin-token-file", token.toString())).isEqualTo(ServerCommand.EXIT_CONFIG);
    assertThat(err.toString())
        .contains("both --admin-token-file")
        .doesNotContain("abc")
        .doesNotContain("def");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"s3cret", "0123456789abcde", " demo-token \n"})
  void run_tokenShorterThanSixteenBytes_exitsTwoNamingTheRule(String token) {
    env.put("VITALS_ADMIN_TOKEN", token);
    assertThat(run()).isEqualTo(ServerCommand.EXIT_CONFIG);
    assertThat(err.toString().lines())
        .singleElement()
        .asString()
        .startsWith("vitals-server: the admin token must be at least 16 bytes long")
        .doesNotContain(token.trim());
  }

  @Test
  void run_shortTokenFileWithAllowShortAdminToken_isAccepted(@TempDir Path dir) throws Exception {
    Path token = Files.writeString(dir.resolve("token"), "s3cret\n", StandardCharsets.UTF_8);
    assertThat(run("--admin-token-file", token.toString(), "--allow-short-admin-token")).isZero();
    assertThat(configured().adminToken()).isEqualTo("s3cret");
    env.put("VITALS_ALLOW_SHORT_ADMIN_TOKEN", "true");
    assertThat(run("--admin-token-file", token.toString())).isZero();
  }

  @ParameterizedTest(name = "allow short: {0}")
  @ValueSource(booleans = {false, true})
  void run_placeholderToken_exitsTwoEvenWithAllowShort(boolean allowShort) {
    env.put("VITALS_ADMIN_TOKEN", dev.vitals.common.AdminTokens.PLACEHOLDER);
    assertThat(run(allowShort ? new String[] {"--allow-short-admin-token"} : new String[0]))
        .isEqualTo(ServerCommand.EXIT_CONFIG);
    assertThat(err.toString().lines())
        .singleElement()
        .asString()
        .startsWith("vitals-server: the admin token is the placeholder from vitals.env.example")
        .doesNotContain(dev.vitals.common.AdminTokens.PLACEHOLDER);
  }

  @Test
  void run_emptyTokenFile_exitsTwo(@TempDir Path dir) throws Exception {
    Path token = Files.writeString(dir.resolve("token"), "\n", StandardCharsets.UTF_8);
    assertThat(run("--admin-token-file", token.toString())).isEqualTo(ServerCommand.EXIT_CONFIG);
    assertThat(err.toString()).contains("is empty");
  }

  @Test
  void run_help_listsEveryOptionAndItsVariable() {
    StringWriter out = new StringWriter();
    main = new ServerLauncher(env, new PrintWriter(err, true));
    var cli = main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    assertThat(cli.execute("--help")).isZero();
    assertThat(main.configured()).isNull();
    assertThat(out.toString())
        .contains(
            "--host",
            "VITALS_HOST",
            "--port",
            "VITALS_PORT",
            "--workers",
            "VITALS_WORKERS",
            "--service",
            "VITALS_SERVICES",
            "--drain-delay",
            "VITALS_DRAIN_DELAY",
            "--shutdown-grace",
            "VITALS_SHUTDOWN_GRACE",
            "--admin-token-file",
            "VITALS_ADMIN_TOKEN",
            "--max-message-size",
            "VITALS_MAX_MESSAGE_SIZE",
            "--max-watchers",
            "VITALS_MAX_WATCHERS",
            "--max-streams-per-connection",
            "VITALS_MAX_STREAMS_PER_CONNECTION",
            "--keepalive-time",
            "VITALS_KEEPALIVE_TIME",
            "--keepalive-timeout",
            "VITALS_KEEPALIVE_TIMEOUT",
            "--handshake-timeout",
            "VITALS_HANDSHAKE_TIMEOUT",
            "--permit-keepalive-time",
            "VITALS_PERMIT_KEEPALIVE_TIME",
            "--max-connection-idle",
            "VITALS_MAX_CONNECTION_IDLE",
            "--max-connection-age",
            "VITALS_MAX_CONNECTION_AGE",
            "--max-connection-age-grace",
            "VITALS_MAX_CONNECTION_AGE_GRACE",
            "--tls-cert",
            "VITALS_TLS_CERT",
            "--tls-key",
            "VITALS_TLS_KEY",
            "--tls-client-ca",
            "VITALS_TLS_CLIENT_CA",
            "--tls-client-auth",
            "VITALS_TLS_CLIENT_AUTH",
            "--tls-reload-interval",
            "VITALS_TLS_RELOAD_INTERVAL",
            "--admin-require-client-cert",
            "VITALS_ADMIN_REQUIRE_CLIENT_CERT",
            "Exit codes");
  }
}
