package dev.vitals.server.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.vitals.common.HealthStatus;
import dev.vitals.server.TestServers;
import dev.vitals.server.VitalsServer;
import dev.vitals.testing.GrpcCleanupExtension;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HttpEndpointTest {
  @RegisterExtension final GrpcCleanupExtension cleanup = new GrpcCleanupExtension();

  private VitalsServer server;
  private HttpTestClient http;

  private void start(HttpConfig config) throws IOException {
    server = cleanup.register(VitalsServer.create(TestServers.inProcess().http(config).build()));
    server.start();
    http = new HttpTestClient(server.httpPort());
  }

  /** Settings on 127.0.0.1 and any free port. */
  private static HttpConfig config(
      HttpConfig.ShowDetails showDetails, int maxConnections, Duration requestTimeout) {
    return new HttpConfig(
        0, "127.0.0.1", showDetails, maxConnections, requestTimeout, Duration.ofMinutes(1));
  }

  private void start() throws IOException {
    start(HttpConfig.of(0, "127.0.0.1"));
  }

  @ParameterizedTest
  @CsvSource({"/livez", "/readyz"})
  void probe_serving_returnsOk(String path) throws Exception {
    start();
    HttpResponse<String> response = http.get(path);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("ok");
    assertThat(response.headers().firstValue("content-type")).hasValue("text/plain; charset=utf-8");
  }

  @Test
  void readyz_verbose_listsEachPart() throws Exception {
    start();
    HttpResponse<String> response = http.get("/readyz?verbose");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body().lines())
        .containsExactly("[+]server ok", "[+]shutdown ok", "readyz check passed");
  }

  @Test
  void readyz_serverNotServing_returns503WithReason() throws Exception {
    start();
    server.registry().set("", HealthStatus.NOT_SERVING);
    HttpResponse<String> response = http.get("/readyz");
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.body().lines())
        .containsExactly(
            "[-]server failed: status NOT_SERVING", "[+]shutdown ok", "readyz check failed");
  }

  @Test
  void readyz_exclude_leavesThePartOut() throws Exception {
    start();
    server.registry().set("", HealthStatus.NOT_SERVING);
    HttpResponse<String> response = http.get("/readyz?verbose&exclude=server&exclude=nope");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body().lines()).first().isEqualTo("[+]server excluded: ok");
  }

  @Test
  void probes_followLivenessAndReadinessServices_whenRegistered() throws Exception {
    start();
    server.registry().set("readiness", HealthStatus.NOT_SERVING);
    server.registry().set("liveness", HealthStatus.SERVING);
    assertThat(http.get("/readyz?verbose").body()).startsWith("[-]readiness failed");
    assertThat(http.get("/readyz").statusCode()).isEqualTo(503);
    assertThat(http.get("/livez?verbose").body()).startsWith("[+]liveness ok");
    server.registry().set("", HealthStatus.NOT_SERVING);
    assertThat(http.get("/livez").statusCode()).isEqualTo(200);
  }

  @Test
  void probe_showDetailsNever_withholdsReasons() throws Exception {
    start(config(HttpConfig.ShowDetails.NEVER, 100, Duration.ofSeconds(10)));
    server.registry().set("", HealthStatus.NOT_SERVING);
    assertThat(http.get("/livez").body()).startsWith("[-]server failed: reason withheld\n");
  }

  @ParameterizedTest
  @CsvSource({"/livez", "/readyz", "/health", "/health/db", "/metrics", "/"})
  void head_returnsHeadersOfGetWithoutBody(String path) throws Exception {
    start();
    server.registry().set("db", HealthStatus.SERVING);
    HttpResponse<String> get = http.get(path);
    HttpResponse<String> head = http.send("HEAD", path, null);
    assertThat(head.statusCode()).isEqualTo(get.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(head.headers().firstValue("content-type"))
        .isEqualTo(get.headers().firstValue("content-type"));
    if (!path.equals("/metrics")) { // metrics change between two scrapes
      assertThat(head.headers().firstValueAsLong("content-length"))
          .hasValue(get.body().getBytes(UTF_8).length);
    }
  }

  @Test
  void health_returnsEveryServiceFieldByField() throws Exception {
    start();
    Instant before = Instant.now();
    server.registry().set("db", HealthStatus.NOT_SERVING);
    server.registry().set("cache", HealthStatus.UNKNOWN);
    HttpResponse<String> response = http.get("/health");
    assertThat(response.statusCode()).isEqualTo(200); // "" SERVING, others not: warn
    assertThat(response.headers().firstValue("content-type")).hasValue("application/health+json");
    JsonObject json = JsonParser.parseString(response.body()).getAsJsonObject();
    assertThat(json.get("status").getAsString()).isEqualTo("warn");
    assertThat(json.has("releaseId")).isTrue();
    JsonObject checks = json.getAsJsonObject("checks");
    assertThat(checks.keySet()).containsExactly("", "cache", "db");
    JsonObject db = checks.getAsJsonArray("db").get(0).getAsJsonObject();
    assertThat(db.get("componentType").getAsString()).isEqualTo("service");
    assertThat(db.get("status").getAsString()).isEqualTo("fail");
    assertThat(db.get("observedValue").getAsString()).isEqualTo("NOT_SERVING");
    assertThat(Instant.parse(db.get("time").getAsString()))
        .isAfterOrEqualTo(before.minusSeconds(1));
    JsonObject cache = checks.getAsJsonArray("cache").get(0).getAsJsonObject();
    assertThat(cache.get("status").getAsString()).isEqualTo("warn");
  }

  @Test
  void health_serverNotServing_returns503Fail() throws Exception {
    start();
    server.registry().set("", HealthStatus.NOT_SERVING);
    HttpResponse<String> response = http.get("/health");
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(
            JsonParser.parseString(response.body()).getAsJsonObject().get("status").getAsString())
        .isEqualTo("fail");
  }

  @Test
  void healthService_returnsOneService() throws Exception {
    start();
    server.registry().set("db/primary", HealthStatus.NOT_SERVING);
    server.registry().set("other", HealthStatus.SERVING);
    HttpResponse<String> response = http.get("/health/db%2Fprimary");
    assertThat(response.statusCode()).isEqualTo(503);
    JsonObject json = JsonParser.parseString(response.body()).getAsJsonObject();
    assertThat(json.get("status").getAsString()).isEqualTo("fail");
    assertThat(json.getAsJsonObject("checks").keySet()).containsExactly("db/primary");
  }

  @Test
  void healthService_unknown_returns404WithoutEchoingTheName() throws Exception {
    start();
    HttpResponse<String> response = http.get("/health/secret-token-123");
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).doesNotContain("secret-token-123");
  }

  @ParameterizedTest
  @CsvSource({"/nope", "/healthz", "/livez/x", "/metrics/", "/index.html"})
  void unknownPath_returns404(String path) throws Exception {
    start();
    assertThat(http.get(path).statusCode()).isEqualTo(404);
  }

  @ParameterizedTest
  @CsvSource({
    "POST, /livez, 'GET, HEAD'",
    "PUT, /health, 'GET, HEAD'",
    "DELETE, /health/db, 'GET, HEAD'",
    "POST, /metrics, 'GET, HEAD'",
    "POST, /, 'GET, HEAD'",
    "POST, /events, GET",
    "HEAD, /events, GET"
  })
  void wrongMethod_returns405WithAllow(String method, String path, String allow) throws Exception {
    start();
    server.registry().set("", HealthStatus.SERVING);
    HttpResponse<String> response = http.send(method, path, null);
    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("allow")).hasValue(allow);
  }

  @Test
  void oversizedHeaders_return431() throws Exception {
    start();
    String response =
        http.raw("GET /livez HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(10_000) + "\r\n\r\n");
    assertThat(response).startsWith("HTTP/1.1 431 ");
  }

  @Test
  void oversizedRequestLine_returns400() throws Exception {
    start();
    String response = http.raw("GET /livez?" + "a".repeat(5_000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
    assertThat(response).startsWith("HTTP/1.1 400 ");
  }

  @Test
  void garbage_returns400AndCloses() throws Exception {
    start();
    assertThat(http.raw("\u0001\u0002 nonsense\r\n\r\n")).startsWith("HTTP/1.");
  }

  @Test
  void responses_neverRepeatRequestHeadersOrUserInfo() throws Exception {
    start();
    String response =
        http.raw(
            "GET /health HTTP/1.1\r\nHost: user:pass@x\r\nAuthorization: Bearer s3cr3t\r\n"
                + "Cookie: session=c00kie\r\nConnection: close\r\n\r\n");
    assertThat(response).startsWith("HTTP/1.1 200 ").doesNotContain("s3cr3t", "c00kie", "pass@");
  }

  @Test
  void connections_overTheCap_getA503() throws Exception {
    start(config(HttpConfig.ShowDetails.ALWAYS, 3, Duration.ofSeconds(10)));
    List<Socket> open = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        open.add(new Socket("127.0.0.1", server.httpPort()));
      }
      // One event loop accepts in order: these three are counted before the next one.
      assertThat(http.raw("GET /livez HTTP/1.1\r\nHost: x\r\n\r\n"))
          .startsWith("HTTP/1.1 503 ")
          .contains("too many connections");
    } finally {
      for (Socket socket : open) {
        socket.close();
      }
    }
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                http.raw("GET /livez HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .startsWith("HTTP/1.1 200"));
  }

  @Test
  void slowClient_isClosedAfterTheRequestTimeout_evenWhileTrickling() throws Exception {
    start(config(HttpConfig.ShowDetails.ALWAYS, 100, Duration.ofMillis(500)));
    try (Socket socket = new Socket("127.0.0.1", server.httpPort())) {
      socket.setSoTimeout(10_000);
      long start = System.nanoTime();
      CompletableFuture<Integer> closed =
          CompletableFuture.supplyAsync(
              () -> {
                try (InputStream in = socket.getInputStream()) {
                  return in.read();
                } catch (IOException e) {
                  return -1;
                }
              });
      // One byte at a time, each well within an idle timer's patience.
      for (char c : "GET /livez HTTP/1.1\r\n".toCharArray()) {
        if (closed.isDone()) {
          break;
        }
        try {
          socket.getOutputStream().write(c);
        } catch (IOException e) {
          break;
        }
        Thread.sleep(100); // the slow client's pace, not a wait for the server
      }
      assertThat(closed.get()).isEqualTo(-1);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }
  }

  @Test
  void keepAlive_servesSeveralRequestsOnOneConnection() throws Exception {
    start();
    String response =
        http.raw(
            "GET /livez HTTP/1.1\r\nHost: x\r\n\r\nGET /readyz HTTP/1.1\r\nHost: x\r\n"
                + "Connection: close\r\n\r\n");
    assertThat(response.split("HTTP/1.1 200 OK", -1)).hasSize(3);
  }

  @Test
  void drain_readyzFailsWhileStillAnswering_thenThePortCloses() throws Exception {
    server =
        cleanup.register(
            VitalsServer.create(
                TestServers.inProcess()
                    .drainDelay(Duration.ofSeconds(30))
                    .http(HttpConfig.of(0, "127.0.0.1"))
                    .build()));
    server.start();
    http = new HttpTestClient(server.httpPort());
    CompletableFuture<Void> drained =
        CompletableFuture.runAsync(
            () -> {
              try {
                server.drainAndStop();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    await().atMost(Duration.ofSeconds(5)).until(() -> server.registry().isDraining());
    HttpResponse<String> readyz = http.get("/readyz?verbose");
    assertThat(readyz.statusCode()).isEqualTo(503);
    assertThat(readyz.body()).contains("[-]shutdown failed: the server is draining");
    JsonObject health = JsonParser.parseString(http.get("/health").body()).getAsJsonObject();
    assertThat(health.getAsJsonArray("notes")).isEqualTo(jsonArray("draining"));
    server.endDrainDelay();
    drained.get(10, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(refused()).as("HTTP port closed after the drain").isTrue();
  }

  private boolean refused() throws InterruptedException {
    try {
      http.get("/livez");
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  private static JsonArray jsonArray(String... values) {
    JsonArray array = new JsonArray();
    for (String value : values) {
      array.add(value);
    }
    return array;
  }
}
