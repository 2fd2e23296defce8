package dev.vitals.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.vitals.server.TestServers;
import dev.vitals.server.VitalsServer;
import dev.vitals.server.checks.BackendSnapshot;
import dev.vitals.server.checks.CheckSnapshot;
import dev.vitals.testing.FreePort;
import dev.vitals.testing.GrpcCleanupExtension;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A {@code grpc} check on two backends in {@code /health}: a real vitals server (SERVING, followed
 * by Watch) and an address where nothing listens; each backend as a component of its check.
 */
class HealthBackendsJsonTest {
  @RegisterExtension final GrpcCleanupExtension cleanup = new GrpcCleanupExtension();

  private String live;
  private String closed;
  private VitalsServer aggregator;

  private HttpTestClient start(HttpConfig.ShowDetails details) throws Exception {
    VitalsServer backend = VitalsServer.create(TestServers.netty().build());
    TestServers.startNetty(cleanup, backend);
    live = "127.0.0.1:" + backend.port();
    closed = FreePort.address();
    String yaml =
        "checks:\n"
            + "  replicas:\n"
            + "    grpc: { addresses: [\""
            + live
            + "\", \""
            + closed
            + "\"], quorum: \"1\" }\n"
            + "    interval: 1h\n    failing_interval: 1h\n    timeout: 2s\n    jitter: 0%\n"
            + "services:\n"
            + "  app: { checks: [replicas] }\n";
    aggregator = HealthChecksJsonTest.startWithChecks(cleanup, details, yaml);
    // Both backends seen: the live one SERVING, the closed one down after its timeout.
    await()
        .atMost(20, TimeUnit.SECONDS)
        .until(
            () -> {
              Map<String, BackendSnapshot> backends = backends();
              return backends.size() == 2
                  && backends.get(live) != null
                  && backends.get(live).serving()
                  && backends.get(closed) != null
                  && !backends.get(closed).serving()
                  && backends.get(closed).since() != null;
            });
    return new HttpTestClient(aggregator.httpPort());
  }

  private CheckSnapshot replicas() {
    return aggregator.checks().snapshot().checks().stream()
        .filter(c -> c.name().equals("replicas"))
        .findFirst()
        .orElseThrow();
  }

  private Map<String, BackendSnapshot> backends() {
    Map<String, BackendSnapshot> byName = new HashMap<>();
    for (BackendSnapshot backend : replicas().backends()) {
      byName.put(backend.name(), backend);
    }
    return byName;
  }

  private static JsonObject checkComponent(String body) {
    JsonArray entries =
        JsonParser.parseString(body)
            .getAsJsonObject()
            .getAsJsonObject("checks")
            .getAsJsonArray("check:replicas");
    assertThat(entries).hasSize(1);
    return entries.get(0).getAsJsonObject();
  }

  @Test
  void health_grpcCheckOnTwoBackends_listsEachBackendFieldByField() throws Exception {
    HttpTestClient http = start(HttpConfig.ShowDetails.ALWAYS);

    HttpResponse<String> response = http.get("/health");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonObject check = checkComponent(response.body());
    assertThat(check.get("status").getAsString()).isEqualTo("pass"); // quorum 1 of 2
    Map<String, BackendSnapshot> expected = backends();
    Map<String, JsonObject> seen = new HashMap<>();
    for (JsonElement element : check.getAsJsonArray("backends")) {
      JsonObject backend = element.getAsJsonObject();
      seen.put(backend.get("componentId").getAsString(), backend);
    }
    assertThat(seen.keySet()).containsExactlyInAnyOrder(live, closed);
    for (String name : List.of(live, closed)) {
      JsonObject json = seen.get(name);
      BackendSnapshot backend = expected.get(name);
      assertThat(json.get("componentType").getAsString()).isEqualTo("backend");
      assertThat(json.get("status").getAsString()).isEqualTo(backend.serving() ? "pass" : "fail");
      assertThat(json.get("observedValue").getAsString()).isEqualTo(backend.status());
      assertThat(json.get("mode").getAsString()).isEqualTo(backend.mode());
      assertThat(Instant.parse(json.get("time").getAsString())).isEqualTo(backend.since());
    }
    assertThat(seen.get(live).get("status").getAsString()).isEqualTo("pass");
    assertThat(seen.get(live).get("observedValue").getAsString()).isEqualTo("SERVING");
    assertThat(seen.get(live).get("mode").getAsString()).isEqualTo("watch");
    assertThat(seen.get(closed).get("status").getAsString()).isEqualTo("fail");

    // /health/app lists the check with its backends too.
    HttpResponse<String> app = http.get("/health/app");
    assertThat(app.statusCode()).isEqualTo(200);
    assertThat(app.body()).contains("\"backends\"").contains(live).contains(closed);
  }

  @Test
  void health_showDetailsNever_hidesTheBackends() throws Exception {
    HttpTestClient http = start(HttpConfig.ShowDetails.NEVER);

    HttpResponse<String> response = http.get("/health");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(checkComponent(response.body()).has("backends")).isFalse();
    assertThat(response.body()).doesNotContain(live).doesNotContain(closed);
  }
}
