package dev.vitals.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.vitals.server.TestServers;
import dev.vitals.server.VitalsServer;
import dev.vitals.server.checks.CheckSnapshot;
import dev.vitals.server.checks.CheckState;
import dev.vitals.server.checks.ChecksConfigParser;
import dev.vitals.testing.FreePort;
import dev.vitals.testing.GrpcCleanupExtension;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Check results in {@code /health}, {@code /health/{service}} and the page's event: real TCP
 * checks, one passing ({@code db}), one failing that is not critical ({@code cache}), one failing
 * that is ({@code queue}, followed only by {@code jobs}).
 */
class HealthChecksJsonTest {
  @RegisterExtension final GrpcCleanupExtension cleanup = new GrpcCleanupExtension();

  private ServerSocket upstream;
  private VitalsServer server;
  private HttpTestClient http;
  private String closed;

  @AfterEach
  void closeUpstream() throws IOException {
    if (upstream != null) {
      upstream.close();
    }
  }

  private void start(HttpConfig.ShowDetails details) throws Exception {
    upstream = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    closed = FreePort.address();
    String yaml =
        "checks:\n"
            + tcpCheck("db", "127.0.0.1:" + upstream.getLocalPort(), "")
            + tcpCheck("cache", closed, "    critical: false\n")
            + tcpCheck("queue", closed, "")
            + "services:\n"
            + "  orders: { checks: [db, cache] }\n"
            + "  jobs: { checks: [queue] }\n"
            + "  \"\": { checks: [db, cache] }\n";
    server = startWithChecks(cleanup, details, yaml);
    http = new HttpTestClient(server.httpPort());
    await()
        .atMost(10, TimeUnit.SECONDS)
        .until(
            () ->
                server.checks().snapshot().checks().stream()
                    .allMatch(check -> check.state() != CheckState.UNKNOWN));
  }

  /**
   * Starts an in-process server with the checks of {@code yaml} and an HTTP port on 127.0.0.1 that
   * shows details as {@code details}; {@code cleanup} stops it.
   */
  static VitalsServer startWithChecks(
      GrpcCleanupExtension cleanup, HttpConfig.ShowDetails details, String yaml) throws Exception {
    VitalsServer started =
        cleanup.register(
            VitalsServer.create(
                TestServers.inProcess()
                    .http(
                        new HttpConfig(
                            0,
                            "127.0.0.1",
                            details,
                            100,
                            Duration.ofSeconds(10),
                            Duration.ofMinutes(1)))
                    .checks(ChecksConfigParser.parse("vitals.yaml", new StringReader(yaml)))
                    .build()));
    started.start();
    return started;
  }

  private static String tcpCheck(String name, String address, String more) {
    // A long interval: one result each, so the responses are stable within a test.
    return "  "
        + name
        + ":\n    tcp: { address: \""
        + address
        + "\" }\n    interval: 1h\n    failing_interval: 1h\n    timeout: 2s\n    jitter: 0%\n"
        + more;
  }

  private JsonObject getJson(String path, int expectedCode) throws Exception {
    HttpResponse<String> response = http.get(path);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedCode);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/health+json");
    return JsonParser.parseString(response.body()).getAsJsonObject();
  }

  private CheckSnapshot snapshot(String check) {
    return server.checks().snapshot().checks().stream()
        .filter(c -> c.name().equals(check))
        .findFirst()
        .orElseThrow();
  }

  private static JsonObject only(JsonElement array) {
    JsonArray entries = array.getAsJsonArray();
    assertThat(entries).hasSize(1);
    return entries.get(0).getAsJsonObject();
  }

  /** The check's component: fields as the draft names them, values from the engine's snapshot. */
  private void assertCheck(JsonObject json, String name, String status, boolean withOutput) {
    CheckSnapshot check = snapshot(name);
    assertThat(check.last()).isNotNull();
    assertThat(json.get("componentId").getAsString()).isEqualTo(name);
    assertThat(json.get("componentType").getAsString()).isEqualTo("check");
    assertThat(json.get("status").getAsString()).isEqualTo(status);
    assertThat(json.get("observedValue").getAsDouble())
        .isEqualTo(check.last().latency().toNanos() / 1e6);
    assertThat(json.get("observedUnit").getAsString()).isEqualTo("ms");
    assertThat(Instant.parse(json.get("time").getAsString())).isEqualTo(check.last().at());
    if (withOutput) {
      assertThat(json.get("output").getAsString()).isEqualTo(check.last().output()).isNotBlank();
    } else {
      assertThat(json.has("output")).as("output of %s", name).isFalse();
    }
    assertThat(json.keySet())
        .isSubsetOf(
            "componentId",
            "componentType",
            "status",
            "observedValue",
            "observedUnit",
            "time",
            "output");
  }

  @Test
  void health_checksKeyedByServiceAndByCheck_fieldByField() throws Exception {
    start(HttpConfig.ShowDetails.ALWAYS);

    // "" is SERVING with a failing non-critical check: warn, 200.
    JsonObject json = getJson("/health", 200);
    assertThat(json.get("status").getAsString()).isEqualTo("warn");
    JsonObject checks = json.getAsJsonObject("checks");
    assertThat(checks.keySet())
        .contains("", "orders", "jobs", "check:db", "check:cache", "check:queue");

    JsonArray orders = checks.getAsJsonArray("orders");
    assertThat(orders).hasSize(3);
    JsonObject service = orders.get(0).getAsJsonObject();
    assertThat(service.get("componentType").getAsString()).isEqualTo("service");
    assertThat(service.get("status").getAsString()).isEqualTo("warn");
    assertThat(service.get("observedValue").getAsString()).isEqualTo("SERVING");
    assertCheck(orders.get(1).getAsJsonObject(), "db", "pass", false);
    assertCheck(orders.get(2).getAsJsonObject(), "cache", "warn", true);

    JsonArray jobs = checks.getAsJsonArray("jobs");
    assertThat(jobs).hasSize(2);
    assertThat(jobs.get(0).getAsJsonObject().get("status").getAsString()).isEqualTo("fail");
    assertThat(jobs.get(0).getAsJsonObject().get("observedValue").getAsString())
        .isEqualTo("NOT_SERVING");
    assertCheck(jobs.get(1).getAsJsonObject(), "queue", "fail", true);
    assertThat(jobs.get(1).getAsJsonObject().get("output").getAsString()).contains(closed);

    assertCheck(only(checks.get("check:db")), "db", "pass", false);
    assertCheck(only(checks.get("check:cache")), "cache", "warn", true);
    assertCheck(only(checks.get("check:queue")), "queue", "fail", true);
  }

  @Test
  void healthService_listsItsChecksOnly() throws Exception {
    start(HttpConfig.ShowDetails.ALWAYS);

    JsonObject json = getJson("/health/jobs", 503);
    assertThat(json.get("status").getAsString()).isEqualTo("fail");
    JsonObject checks = json.getAsJsonObject("checks");
    assertThat(checks.keySet()).containsExactly("jobs");
    JsonArray jobs = checks.getAsJsonArray("jobs");
    assertThat(jobs).hasSize(2);
    assertCheck(jobs.get(1).getAsJsonObject(), "queue", "fail", true);

    JsonObject orders = getJson("/health/orders", 200);
    assertThat(orders.get("status").getAsString()).isEqualTo("warn");
  }

  @Test
  void health_showDetailsNever_hidesEveryOutput() throws Exception {
    start(HttpConfig.ShowDetails.NEVER);

    HttpResponse<String> response = http.get("/health");
    assertThat(response.body()).doesNotContain("\"output\"").doesNotContain("127.0.0.1:");
    JsonObject checks =
        JsonParser.parseString(response.body()).getAsJsonObject().getAsJsonObject("checks");
    assertCheck(only(checks.get("check:queue")), "queue", "fail", false);
    assertCheck(checks.getAsJsonArray("orders").get(2).getAsJsonObject(), "cache", "warn", false);
    assertThat(http.get("/health/jobs").body()).doesNotContain("\"output\"");
  }

  @Test
  void pageEvent_hasTransitionsWithTheirCheckAndReason_unlessHidden() throws Exception {
    start(HttpConfig.ShowDetails.ALWAYS);
    HealthReports reports = reportsOf(HttpConfig.ShowDetails.ALWAYS);

    JsonObject event = JsonParser.parseString(reports.pageEvent()).getAsJsonObject();
    JsonObject toFailing = null;
    for (JsonElement element : event.getAsJsonArray("transitions")) {
      JsonObject transition = element.getAsJsonObject();
      if (transition.get("service").getAsString().equals("jobs")
          && transition.get("to").getAsString().equals("NOT_SERVING")) {
        toFailing = transition;
      }
    }
    assertThat(toFailing).isNotNull();
    assertThat(toFailing.get("from").getAsString()).isEqualTo("UNKNOWN");
    assertThat(toFailing.get("check").getAsString()).isEqualTo("queue");
    assertThat(toFailing.get("reason").getAsString()).isEqualTo(snapshot("queue").last().output());
    assertThat(event.getAsJsonArray("flapping")).isEmpty();

    String hidden = reportsOf(HttpConfig.ShowDetails.NEVER).pageEvent();
    assertThat(hidden).doesNotContain("\"reason\"").doesNotContain("\"output\"");
  }

  private HealthReports reportsOf(HttpConfig.ShowDetails details) {
    return new HealthReports(
        server.registry(),
        details,
        "test",
        new TransitionLog(),
        server.checks()::snapshot,
        java.time.Clock.systemUTC());
  }
}
