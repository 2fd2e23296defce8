package dev.vitals.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.vitals.common.HealthStatus;
import dev.vitals.server.VitalsServer;
import dev.vitals.server.status.StatusRegistry;
import dev.vitals.testing.FreePort;
import dev.vitals.testing.GrpcCleanupExtension;
import dev.vitals.testing.server.StartedServers;
import io.grpc.InsecureServerCredentials;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** check, watch, list, set and clear against a vitals server on loopback. */
class CommandsTest {
  @RegisterExtension
  static final GrpcCleanupExtension cleanup = GrpcCleanupExtension.afterAllTests();

  private static final Map<String, String> TOKEN_ENV =
      Map.of("VITALS_ADMIN_TOKEN", StartedServers.TOKEN);

  private static VitalsServer server;
  private static String address;
  private static StatusRegistry registry;

  @BeforeAll
  static void startServer() {
    server = StartedServers.loopback(cleanup);
    address = "127.0.0.1:" + server.port();
    registry = server.registry();
  }

  @BeforeEach
  void resetStatuses() {
    registry.states().keySet().stream()
        .filter(name -> !name.isEmpty())
        .toList()
        .forEach(registry::clear);
    registry.set("", HealthStatus.SERVING);
  }

  private static Cli.Result vitals(String subcommand, String... rest) {
    return Cli.run(TOKEN_ENV, Cli.at(subcommand, "--addr", address, rest));
  }

  @Test
  void check_serving_exits0AndPrintsStatus() {
    Cli.Result result = vitals("check");
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(0);
    assertThat(result.out()).isEqualTo("SERVING\n");
    assertThat(result.err()).isEmpty();
  }

  @Test
  void check_notServing_exits4WithOneLine() {
    registry.set("db", HealthStatus.NOT_SERVING);
    Cli.Result result = vitals("check", "--service", "db");
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(4);
    assertThat(result.out()).isEqualTo("NOT_SERVING\n");
    assertThat(result.err()).isEqualTo("vitals check: service 'db' is NOT_SERVING\n");
  }

  @Test
  void check_unknownService_exits3WithStatusAndDescription() {
    Cli.Result result = vitals("check", "--service", "nope");
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
    assertThat(result.err())
        .isEqualTo("vitals check: rpc failure: NOT_FOUND: unknown service 'nope'\n");
  }

  @Test
  void check_serviceStartingWithAt_isANameNotAnArgumentFile() {
    Cli.Result result = vitals("check", "--service", "@nope");
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
    assertThat(result.err())
        .isEqualTo("vitals check: rpc failure: NOT_FOUND: unknown service '@nope'\n");
  }

  @Test
  void check_connectionRefused_exits2() {
    String nowhere = FreePort.address();
    Cli.Result result = Cli.run("check", "--addr", nowhere, "--connect-timeout", "5s");
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
    assertThat(result.err())
        .startsWith(
            "vitals check: connection failure: cannot connect to " + nowhere + ": UNAVAILABLE")
        .contains("Connection refused")
        .hasLineCount(1);
  }

  @Test
  void check_deadline_exits3WithDeadlineExceeded() {
    RecordingHealthServer hanging =
        RecordingHealthServer.start(InsecureServerCredentials.create(), cleanup);
    Cli.Result result =
        Cli.run(
            "check",
            "--addr",
            hanging.address(),
            "--service",
            RecordingHealthServer.HANG,
            "--timeout",
            "300ms");
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
    assertThat(result.err())
        .startsWith("vitals check: rpc failure: DEADLINE_EXCEEDED")
        .hasLineCount(1);
  }

  @Test
  void check_severalServices_reportsEachAndExitsWithTheWorst() {
    registry.set("a", HealthStatus.SERVING);
    registry.set("b", HealthStatus.NOT_SERVING);

    Cli.Result result = vitals("check", "--service", "a", "--service", "b");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(4);
    assertThat(result.outLines()).containsExactly("a SERVING", "b NOT_SERVING");
    assertThat(result.err()).isEqualTo("vitals check: service 'b' is NOT_SERVING\n");
  }

  @Test
  void check_commaSeparatedServices_allServing_exits0() {
    registry.set("a", HealthStatus.SERVING);
    registry.set("b", HealthStatus.SERVING);

    Cli.Result result = vitals("check", "--service", "a,b", "--output", "json");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(0);
    assertThat(result.outLines())
        .containsExactly(
            "{\"service\":\"a\",\"status\":\"SERVING\"}",
            "{\"service\":\"b\",\"status\":\"SERVING\"}");
  }

  @Test
  void check_severalServices_rpcFailureOutranksNotServing() {
    registry.set("b", HealthStatus.NOT_SERVING);

    Cli.Result result = vitals("check", "--service", "b,nope");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
    assertThat(result.outLines()).containsExactly("b NOT_SERVING");
    assertThat(result.err())
        .isEqualTo(
            "vitals check: service 'b' is NOT_SERVING\n"
                + "vitals check: service 'nope': rpc failure: NOT_FOUND: unknown service 'nope'\n");
  }

  @Test
  void check_wait_retriesUntilServing() {
    registry.set("db", HealthStatus.NOT_SERVING);
    Cli.Running running =
        Cli.start(
            Map.of(),
            Cli.at(
                "check",
                "--addr",
                address,
                "--service",
                "db",
                "--wait",
                "8s",
                "--retry-interval",
                "100ms"));
    await().during(Duration.ofMillis(300)).until(() -> running.out().isEmpty());

    registry.set("db", HealthStatus.SERVING);
    Cli.Result result = running.finish();

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(0);
    assertThat(result.out()).isEqualTo("SERVING\n");
    assertThat(result.err()).isEmpty();
  }

  @Test
  void check_wait_endsWithTheLastAttemptsExitCode() {
    registry.set("db", HealthStatus.NOT_SERVING);
    long start = System.nanoTime();

    Cli.Result result =
        vitals("check", "--service", "db", "--wait", "500ms", "--retry-interval", "100ms");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(4);
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(500));
    assertThat(result.outLines()).containsExactly("NOT_SERVING");
  }

  @Test
  void check_wait_retriesConnectionFailures() {
    String nowhere = FreePort.address();
    long start = System.nanoTime();

    Cli.Result result =
        Cli.run("check", "--addr", nowhere, "--wait", "500ms", "--retry-interval", "100ms");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(500));
    assertThat(result.err()).startsWith("vitals check: connection failure").hasLineCount(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"--wait=-1s", "--wait=soon", "--retry-interval=0"})
  void check_badWaitOptions_exit1WithOneLine(String option) {
    Cli.Result result = vitals("check", option);

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
    assertThat(result.err())
        .startsWith("vitals check: ")
        .contains(option.substring(0, option.indexOf('=')))
        .hasLineCount(1);
  }

  @Test
  void check_json_parsesBack() {
    registry.set("db", HealthStatus.NOT_SERVING);
    Cli.Result result = vitals("check", "--service", "db", "--output", "json");
    assertThat(result.exitCode()).isEqualTo(4);
    JsonObject json = JsonParser.parseString(result.out()).getAsJsonObject();
    assertThat(json.get("service").getAsString()).isEqualTo("db");
    assertThat(json.get("status").getAsString()).isEqualTo("NOT_SERVING");
  }

  @Test
  void check_legacy_usesOriginalApi() {
    registry.set("db", HealthStatus.NOT_SERVING);
    assertThat(vitals("check", "--legacy", "--service", "db").out()).isEqualTo("NOT_SERVING\n");
    // The original API answers an unknown name with the whole server's status, not NOT_FOUND.
    assertThat(vitals("check", "--legacy", "--service", "nope").exitCode()).isEqualTo(0);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"--timeout=soon", "--timeout=0", "--bogus", "--output=yaml", "--tls-no-verify"})
  void check_invalidArguments_exit1WithOneLine(String bad) {
    Cli.Result result = vitals("check", bad);
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
    assertThat(result.err()).startsWith("vitals check: ").hasLineCount(1);
    assertThat(result.out()).isEmpty();
  }

  @Test
  void noSubcommand_exits1NamingEverySubcommand() {
    Cli.Result result = Cli.run();
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .isEqualTo(
            "vitals: missing subcommand: check, watch, list, set, "
                + "clear, statuses, checks, history, heartbeat or probe (see 'vitals --help')\n");
  }

  /** What picocli has registered: a subcommand added later is in these tests without an edit. */
  static Stream<String> subcommands() {
    return Main.commandLine(
        Map.of(), new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()))
        .getSubcommands()
        .keySet()
        .stream();
  }

  @Test
  void subcommands_includeEveryDocumentedOne() {
    assertThat(subcommands())
        .contains("check", "watch", "list", "set", "clear", "statuses", "probe");
  }

  @Test
  void help_listsEveryRegisteredSubcommand() {
    Cli.Result result = Cli.run("--help");
    assertThat(result.exitCode()).isEqualTo(0);
    List<String> commandLines =
        result.outLines().stream()
            .dropWhile(line -> !line.equals("Commands:"))
            .skip(1)
            .takeWhile(line -> line.startsWith("  "))
            .map(String::trim)
            .toList();
    assertThat(subcommands())
        .allSatisfy(
            subcommand ->
                assertThat(commandLines)
                    .anySatisfy(line -> assertThat(line).startsWith(subcommand + " ")));
  }

  @Test
  void missingSubcommandMessage_namesEveryRegisteredSubcommand() {
    Cli.Result result = Cli.run();
    assertThat(subcommands())
        .allSatisfy(subcommand -> assertThat(result.err()).contains(subcommand));
  }

  @ParameterizedTest
  @MethodSource("subcommands")
  void everySubcommand_hasHelp(String subcommand) {
    Cli.Result result = Cli.run(subcommand, "--help");
    assertThat(result.exitCode()).isEqualTo(0);
    assertThat(result.out()).contains("Usage: vitals " + subcommand).contains("tls-ca-cert");
  }

  @Test
  void list_table_showsEveryService() {
    registry.set("db", HealthStatus.NOT_SERVING);
    Cli.Result result = vitals("list");
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(0);
    assertThat(result.outLines())
        .containsExactly("SERVICE  STATUS", "\"\"       SERVING", "db       NOT_SERVING");
  }

  @Test
  void list_json_parsesBack() {
    registry.set("db", HealthStatus.NOT_SERVING);
    registry.set("cache", HealthStatus.UNKNOWN);
    JsonArray json =
        JsonParser.parseString(vitals("list", "--output", "json").out()).getAsJsonArray();
    assertThat(json).hasSize(3);
    assertThat(json.asList())
        .extracting(
            e ->
                e.getAsJsonObject().get("service").getAsString()
                    + "="
                    + e.getAsJsonObject().get("status").getAsString())
        .containsExactly("=SERVING", "cache=UNKNOWN", "db=NOT_SERVING");
  }

  @Test
  void set_withEnvToken_changesStatus() {
    Cli.Result result = vitals("set", "--service", "db", "--status", "not_serving");
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(0);
    assertThat(result.out()).isEqualTo("set 'db' to NOT_SERVING\n");
    assertThat(registry.get("db")).contains(HealthStatus.NOT_SERVING);
  }

  @Test
  void set_withTokenFile_changesStatus(@TempDir Path dir) throws Exception {
    Path tokenFile = Files.writeString(dir.resolve("token"), StartedServers.TOKEN + "\n");
    Cli.Result result =
        Cli.run(
            Cli.at(
                "set",
                "--addr",
                address,
                "--service",
                "db",
                "--status",
                "SERVING",
                "--token-file",
                tokenFile.toString()));
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(0);
    assertThat(registry.get("db")).contains(HealthStatus.SERVING);
  }

  @Test
  void set_wrongToken_exits3Unauthenticated() {
    Cli.Result result =
        Cli.run(
            Map.of("VITALS_ADMIN_TOKEN", "wrong"),
            Cli.at("set", "--addr", address, "--service", "db", "--status", "SERVING"));
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
    assertThat(result.err())
        .isEqualTo("vitals set: rpc failure: UNAUTHENTICATED: invalid admin token\n");
    assertThat(registry.get("db")).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "' '|vitals set: VITALS_ADMIN_TOKEN is blank",
        "töken|vitals set: admin token must be printable ASCII",
      })
  void set_unusableEnvToken_exits1WithoutCalling(String token, String message) {
    Cli.Result result =
        Cli.run(
            Map.of("VITALS_ADMIN_TOKEN", token),
            Cli.at("set", "--addr", address, "--service", "db", "--status", "SERVING"));
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
    assertThat(result.err()).isEqualTo(message + "\n");
    assertThat(registry.get("db")).isEmpty();
  }

  @Test
  void set_emptyOrMissingTokenFile_exits1NamingTheFile(@TempDir Path dir) throws Exception {
    Path empty = Files.writeString(dir.resolve("empty"), "\n");
    Path missing = dir.resolve("missing");
    assertThat(
            Cli.run(
                    TOKEN_ENV,
                    Cli.at(
                        "set",
                        "--addr",
                        address,
                        "--service",
                        "db",
                        "--status",
                        "SERVING",
                        "--token-file",
                        empty.toString()))
                .err())
        .isEqualTo("vitals set: --token-file " + empty + " is empty\n");
    assertThat(
            Cli.run(
                    TOKEN_ENV,
                    Cli.at(
                        "set",
                        "--addr",
                        address,
                        "--service",
                        "db",
                        "--status",
                        "SERVING",
                        "--token-file",
                        missing.toString()))
                .err())
        .isEqualTo("vitals set: cannot read --token-file " + missing + ": no such file\n");
    assertThat(registry.get("db")).isEmpty();
  }

  @Test
  void set_noToken_exits1() {
    Cli.Result result =
        Cli.run(Cli.at("set", "--addr", address, "--service", "db", "--status", "SERVING"));
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).contains("no admin token").contains("VITALS_ADMIN_TOKEN");
  }

  @Test
  void set_serviceUnknown_exits1() {
    Cli.Result result = vitals("set", "--service", "db", "--status", "SERVICE_UNKNOWN");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).contains("use 'vitals clear'");
  }

  @Test
  void clear_thenCheck_exits3NotFound() {
    registry.set("db", HealthStatus.SERVING);
    Cli.Result cleared = vitals("clear", "--service", "db");
    assertThat(cleared.exitCode()).as(cleared.toString()).isEqualTo(0);
    assertThat(vitals("check", "--service", "db").exitCode()).isEqualTo(3);
  }

  @Test
  void clear_wholeServer_exits3InvalidArgument() {
    Cli.Result result = vitals("clear", "--service", "");
    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.err()).startsWith("vitals clear: rpc failure: INVALID_ARGUMENT");
  }

  @Test
  void statuses_json_listsEveryServiceWithWhenItLastChanged() {
    Instant before = Instant.now();
    registry.set("db", HealthStatus.NOT_SERVING);
    Cli.Result result = vitals("statuses", "--output", "json");
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(0);

    JsonArray entries = JsonParser.parseString(result.out()).getAsJsonArray();
    assertThat(entries.asList())
        .extracting(
            e ->
                e.getAsJsonObject().get("service").getAsString()
                    + "="
                    + e.getAsJsonObject().get("status").getAsString())
        .containsExactlyInAnyOrder("=SERVING", "db=NOT_SERVING");
    JsonObject db =
        entries.asList().stream()
            .map(e -> e.getAsJsonObject())
            .filter(e -> e.get("service").getAsString().equals("db"))
            .findFirst()
            .orElseThrow();
    assertThat(Instant.parse(db.get("lastChanged").getAsString()))
        .isAfterOrEqualTo(before.minusMillis(1));
  }

  @Test
  void statuses_table_hasHeaderAndOneRowPerService() {
    registry.set("cache", HealthStatus.UNKNOWN);
    Cli.Result result = vitals("statuses");
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(0);
    assertThat(result.outLines().get(0)).matches("SERVICE +STATUS +LAST CHANGED");
    assertThat(result.outLines())
        .hasSize(3)
        .anySatisfy(line -> assertThat(line).matches("cache +UNKNOWN +\\d{4}-.*Z"))
        .anySatisfy(line -> assertThat(line).matches("\"\" +SERVING +\\d{4}-.*Z"));
  }

  @Test
  void statuses_wrongToken_exits3Unauthenticated() {
    Cli.Result result =
        Cli.run(Map.of("VITALS_ADMIN_TOKEN", "wrong"), Cli.at("statuses", "--addr", address));
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
    assertThat(result.err())
        .isEqualTo("vitals statuses: rpc failure: UNAUTHENTICATED: invalid admin token\n");
  }

  @Test
  void watchUntil_seesChangeMadeBySet() {
    registry.set("db", HealthStatus.NOT_SERVING);
    Cli.Running watch =
        Cli.start(
            Map.of(),
            Cli.at(
                "watch",
                "--addr",
                address,
                "--service",
                "db",
                "--until",
                "SERVING",
                "--timeout",
                "10s",
                "--output",
                "json"));
    await().until(() -> watch.out().contains("NOT_SERVING"));

    assertThat(vitals("set", "--service", "db", "--status", "SERVING").exitCode()).isEqualTo(0);

    Cli.Result result = watch.finish();
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(0);
    List<String> lines = result.outLines();
    assertThat(lines).hasSize(2);
    assertThat(lines)
        .extracting(line -> JsonParser.parseString(line).getAsJsonObject())
        .allSatisfy(
            event -> {
              assertThat(event.get("service").getAsString()).isEqualTo("db");
              assertThat(Instant.parse(event.get("time").getAsString()))
                  .isBeforeOrEqualTo(Instant.now());
            })
        .extracting(event -> event.get("status").getAsString())
        .containsExactly("NOT_SERVING", "SERVING");
  }

  @Test
  void watchUntil_timeout_exits3() {
    registry.set("db", HealthStatus.NOT_SERVING);
    Cli.Result result =
        vitals("watch", "--service", "db", "--until", "SERVING", "--timeout", "300ms");
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
    assertThat(result.err())
        .isEqualTo(
            "vitals watch: rpc failure: DEADLINE_EXCEEDED: service "
                + "'db' did not become SERVING within 300ms (last status NOT_SERVING)\n");
    assertThat(result.outLines()).hasSize(1).allMatch(line -> line.endsWith(" NOT_SERVING"));
  }

  @Test
  void watch_withoutUntil_printsUntilTimeoutThenExits0() {
    Cli.Result result = vitals("watch", "--service", "gone", "--timeout", "300ms");
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(0);
    assertThat(result.outLines()).hasSize(1).allMatch(line -> line.endsWith(" SERVICE_UNKNOWN"));
  }
}
