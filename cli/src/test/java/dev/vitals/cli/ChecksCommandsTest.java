package dev.vitals.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.vitals.common.HealthStatus;
import dev.vitals.server.VitalsServer;
import dev.vitals.testing.GrpcCleanupExtension;
import dev.vitals.testing.server.StartedServers;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** checks, history, heartbeat and set --ttl against a vitals server running real checks. */
class ChecksCommandsTest {
  private static final Map<String, String> TOKEN_ENV =
      Map.of("VITALS_ADMIN_TOKEN", StartedServers.TOKEN);

  @RegisterExtension final GrpcCleanupExtension cleanup = new GrpcCleanupExtension();

  private ServerSocket upstream;
  private VitalsServer server;
  private String address;

  @BeforeEach
  void start() throws Exception {
    upstream = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    String yaml =
        "checks:\n"
            + "  db:\n"
            + "    tcp: { address: \"127.0.0.1:"
            + upstream.getLocalPort()
            + "\" }\n"
            + "    interval: 100ms\n"
            + "    jitter: 0%\n"
            + "  jobs: { ttl: 1h, interval: 100ms, jitter: 0% }\n"
            + "services:\n"
            + "  orders: { checks: [db, jobs] }\n";
    server = StartedServers.loopbackWithChecks(cleanup, yaml);
    server.registry().set("manual", HealthStatus.SERVING);
    address = "127.0.0.1:" + server.port();
    await()
        .atMost(10, TimeUnit.SECONDS)
        .until(() -> server.registry().statusOrNull("orders") == HealthStatus.SERVING);
  }

  @AfterEach
  void closeUpstream() throws IOException {
    upstream.close();
  }

  private Cli.Result vitals(String subcommand, String... rest) {
    return Cli.run(TOKEN_ENV, Cli.at(subcommand, "--addr", address, rest));
  }

  private JsonObject json(String subcommand, String... rest) {
    String[] args = new String[rest.length + 2];
    System.arraycopy(rest, 0, args, 0, rest.length);
    args[rest.length] = "--output";
    args[rest.length + 1] = "json";
    Cli.Result result = vitals(subcommand, args);
    assertThat(result.exitCode()).as(result.toString()).isZero();
    return JsonParser.parseString(result.out()).getAsJsonObject();
  }

  private JsonObject service(JsonObject report, String name) {
    for (JsonElement service : report.getAsJsonArray("services")) {
      if (service.getAsJsonObject().get("service").getAsString().equals(name)) {
        return service.getAsJsonObject();
      }
    }
    throw new AssertionError("no service " + name + " in " + report);
  }

  @Test
  void checks_table_oneRowPerCheckAndPerService() {
    Cli.Result result = vitals("checks");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.outLines().get(0)).startsWith("CHECK").contains("STATE", "LATENCY");
    assertThat(result.outLines())
        .anySatisfy(line -> assertThat(line).startsWith("db ").contains("tcp", "PASSING"));
    assertThat(result.outLines())
        .anySatisfy(line -> assertThat(line).startsWith("jobs").contains("ttl"));
    assertThat(result.outLines())
        .anySatisfy(line -> assertThat(line).startsWith("orders").contains("SERVING"));
    assertThat(result.outLines())
        .anySatisfy(line -> assertThat(line).startsWith("startup").contains("SERVING"));
  }

  @Test
  void checks_verbose_showsTargetsAndCriticality() {
    Cli.Result result = vitals("checks", "--verbose");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.outLines().get(0)).contains("TARGET", "CRITICAL", "LAST RUN");
    assertThat(result.out()).contains("127.0.0.1:" + upstream.getLocalPort());
  }

  @Test
  void checks_json_everyFieldOfEachCheckAndService() {
    JsonObject report = json("checks");

    JsonArray checks = report.getAsJsonArray("checks");
    assertThat(checks).hasSize(2);
    JsonObject db = checks.get(0).getAsJsonObject();
    assertThat(db.get("name").getAsString()).isEqualTo("db");
    assertThat(db.get("type").getAsString()).isEqualTo("tcp");
    assertThat(db.get("state").getAsString()).isEqualTo("PASSING");
    assertThat(db.get("critical").getAsBoolean()).isTrue();
    assertThat(db.getAsJsonObject("last").get("passed").getAsBoolean()).isTrue();
    assertThat(db.getAsJsonObject("last").has("latencyMillis")).isTrue();
    assertThat(db.get("consecutivePasses").getAsInt()).isPositive();
    JsonObject orders = service(report, "orders");
    assertThat(orders.get("status").getAsString()).isEqualTo("SERVING");
    assertThat(orders.get("flapping").getAsBoolean()).isFalse();
    assertThat(orders.get("override").isJsonNull()).isTrue();
    assertThat(orders.getAsJsonArray("history")).isNotEmpty();
    service(report, "");
    service(report, "liveness");
  }

  @Test
  void setWithTtl_derivedService_isAnOverrideThatClearEnds() {
    Cli.Result set =
        vitals("set", "--service", "orders", "--status", "NOT_SERVING", "--ttl", "30m");

    assertThat(set.exitCode()).as(set.toString()).isZero();
    assertThat(set.out()).isEqualTo("set 'orders' to NOT_SERVING for 30m\n");
    assertThat(server.registry().statusOrNull("orders")).isEqualTo(HealthStatus.NOT_SERVING);
    JsonObject override = service(json("checks"), "orders").getAsJsonObject("override");
    Instant since = Instant.parse(override.get("since").getAsString());
    Instant until = Instant.parse(override.get("until").getAsString());
    assertThat(Duration.between(since, until)).isEqualTo(Duration.ofMinutes(30));

    Cli.Result clear = vitals("clear", "--service", "orders");
    assertThat(clear.exitCode()).as(clear.toString()).isZero();
    assertThat(server.registry().statusOrNull("orders")).isEqualTo(HealthStatus.SERVING);
    assertThat(service(json("checks"), "orders").get("override").isJsonNull()).isTrue();
  }

  @Test
  void setWithTtl_manualService_exits3() {
    Cli.Result result =
        vitals("set", "--service", "manual", "--status", "NOT_SERVING", "--ttl", "1m");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
    assertThat(result.err()).contains("INVALID_ARGUMENT").contains("a TTL is for services derived");
  }

  @Test
  void history_derivedService_transitionsWithTheirCause() {
    vitals("set", "--service", "orders", "--status", "NOT_SERVING");

    Cli.Result table = vitals("history", "--service", "orders");
    assertThat(table.exitCode()).as(table.toString()).isZero();
    assertThat(table.outLines().get(0))
        .startsWith("TIME")
        .contains("FROM", "TO", "CHECK", "REASON");
    assertThat(table.outLines())
        .last()
        .asString()
        .contains("SERVING", "NOT_SERVING", "override set");

    JsonArray history = json("history", "--service", "orders").getAsJsonArray("history");
    JsonObject first = history.get(0).getAsJsonObject();
    assertThat(first.get("from").isJsonNull()).isTrue();
    assertThat(first.get("to").getAsString()).isEqualTo("UNKNOWN");
    JsonObject last = history.get(history.size() - 1).getAsJsonObject();
    assertThat(last.get("reason").getAsString()).isEqualTo("override set");
  }

  @Test
  void history_notDerived_exits3() {
    Cli.Result result = vitals("history", "--service", "manual");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
    assertThat(result.err())
        .isEqualTo(
            "vitals history: no service 'manual' is derived from checks (see 'vitals checks')\n");
  }

  @Test
  void heartbeat_ttlCheck_exits0() {
    Cli.Result result = vitals("heartbeat", "--check", "jobs");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out()).isEqualTo("heartbeat sent to check 'jobs'\n");
  }

  @Test
  void heartbeat_notATtlCheck_exits3WithTheReason() {
    Cli.Result result = vitals("heartbeat", "--check", "db");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
    assertThat(result.err())
        .contains("FAILED_PRECONDITION")
        .contains("check 'db' is a tcp check, not a ttl check");
  }

  @Test
  void checks_withoutToken_exits1() {
    Cli.Result result = Cli.run(Cli.at("checks", "--addr", address));

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
    assertThat(result.err()).contains("no admin token");
  }
}
