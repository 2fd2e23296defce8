package dev.vitals.server.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.vitals.testing.TestCertificates;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpCheckTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final CountDownLatch unhang = new CountDownLatch(1);
  private final BlockingQueue<Map<String, List<String>>> requests = new LinkedBlockingQueue<>();
  private ExecutorService serverThreads;
  private HttpServer server;
  private String base;

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    serverThreads = Executors.newCachedThreadPool();
    server.setExecutor(serverThreads);
    server.createContext("/ok", exchange -> answer(exchange, 200, "all good"));
    server.createContext("/down", exchange -> answer(exchange, 503, "db unreachable\n  retry"));
    server.createContext(
        "/echo",
        exchange ->
            answer(
                exchange,
                500,
                "you sent "
                    + exchange.getRequestHeaders().getFirst("X-Api-Key")
                    + " and "
                    + exchange.getRequestHeaders().getFirst("Authorization")));
    server.createContext(
        "/redirect",
        exchange -> {
          exchange.getResponseHeaders().add("Location", "/ok");
          answer(exchange, 302, "");
        });
    server.createContext(
        "/hang",
        exchange -> {
          try {
            unhang.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          answer(exchange, 200, "too late");
        });
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void answer(HttpExchange exchange, int status, String body) throws IOException {
    requests.add(Map.copyOf(exchange.getRequestHeaders()));
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @AfterEach
  void stopServer() {
    unhang.countDown();
    server.stop(0);
    serverThreads.shutdownNow();
  }

  private CheckTarget.Http target(String url, int from, int to, Map<String, String> headers) {
    return new CheckTarget.Http("http", URI.create(url), from, to, headers);
  }

  private CheckOutcome run(String path, Duration timeout) throws Exception {
    return new HttpCheck(target(base + path, 200, 399, Map.of()), timeout).run(timeout);
  }

  @Test
  void run_200_passes() throws Exception {
    CheckOutcome outcome = run("/ok", TIMEOUT);

    assertThat(outcome.passed()).isTrue();
    assertThat(outcome.output()).isEqualTo("HTTP 200: all good");
  }

  @Test
  void run_503_fails_withStatusAndBodyStart() throws Exception {
    CheckOutcome outcome = run("/down", TIMEOUT);

    assertThat(outcome.passed()).isFalse();
    assertThat(outcome.output()).isEqualTo("HTTP 503 (expected 200-399): db unreachable retry");
  }

  @Test
  void run_redirect_isJudgedByTheRange_notFollowed() throws Exception {
    assertThat(run("/redirect", TIMEOUT).output()).isEqualTo("HTTP 302");
    CheckOutcome strict =
        new HttpCheck(target(base + "/redirect", 200, 299, Map.of()), TIMEOUT).run(TIMEOUT);
    assertThat(strict.passed()).isFalse();
  }

  @Test
  void run_hangingServer_timesOut() throws Exception {
    Duration timeout = Duration.ofMillis(300);

    CheckOutcome outcome =
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> run("/hang", timeout));

    assertThat(outcome.passed()).isFalse();
    assertThat(outcome.output()).isEqualTo("GET " + base + "/hang: no response within 300ms");
  }

  @Test
  void run_closedPort_fails() throws Exception {
    String url = base + "/ok";
    server.stop(0);

    CheckOutcome outcome = new HttpCheck(target(url, 200, 399, Map.of()), TIMEOUT).run(TIMEOUT);

    assertThat(outcome.passed()).isFalse();
    assertThat(outcome.output()).isEqualTo("GET " + url + ": connection refused");
  }

  @Test
  void run_sendsHeadersAndUserInfo_butNeverShowsThem() throws Exception {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("X-Api-Key", "s3cret");
    String url = "http://probe:hunter2@127.0.0.1:" + server.getAddress().getPort() + "/down";
    CheckTarget.Http target = target(url, 200, 399, headers);

    CheckOutcome outcome = new HttpCheck(target, TIMEOUT).run(TIMEOUT);

    Map<String, List<String>> seen = requests.poll(5, TimeUnit.SECONDS);
    assertThat(seen.get("X-api-key")).containsExactly("s3cret");
    assertThat(seen.get("Authorization")).containsExactly("Basic cHJvYmU6aHVudGVyMg==");
    assertThat(outcome.output()).doesNotContain("s3cret").doesNotContain("hunter2");
    assertThat(target.display())
        .isEqualTo("http://***@127.0.0.1:" + server.getAddress().getPort() + "/down");
    server.stop(0);
    CheckOutcome refused = new HttpCheck(target, TIMEOUT).run(TIMEOUT);
    assertThat(refused.output()).doesNotContain("hunter2").contains("***@");
  }

  @Test
  void run_endpointEchoingTheRequest_secretsRedactedFromTheBody() throws Exception {
    String url = "http://probe:hunter2@127.0.0.1:" + server.getAddress().getPort() + "/echo";

    CheckOutcome outcome =
        new HttpCheck(target(url, 200, 399, Map.of("X-Api-Key", "s3cret")), TIMEOUT).run(TIMEOUT);

    assertThat(outcome.output())
        .isEqualTo("HTTP 500 (expected 200-399): you sent *** and Basic ***");
  }

  @Test
  void run_https_verifiesTheCertificate(@TempDir Path dir) throws Exception {
    HttpsServer https =
        HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    https.setHttpsConfigurator(new HttpsConfigurator(selfSigned(dir)));
    https.createContext("/ok", exchange -> answer(exchange, 200, "all good"));
    https.start();
    try {
      String url = "https://127.0.0.1:" + https.getAddress().getPort() + "/ok";
      CheckOutcome outcome =
          new HttpCheck(new CheckTarget.Http("https", URI.create(url), 200, 399, Map.of()), TIMEOUT)
              .run(TIMEOUT);

      assertThat(outcome.passed()).isFalse();
      assertThat(outcome.output())
          .startsWith("GET " + url + ": ")
          .containsIgnoringCase("certification path");
      assertThat(requests).isEmpty();
    } finally {
      https.stop(0);
    }
  }

  /** A self-signed certificate for 127.0.0.1 (made at test time: no key is committed). */
  private static SSLContext selfSigned(Path dir) {
    return TestCertificates.serverContext(
        new TestCertificates(dir).selfSigned("server", "localhost", "127.0.0.1"));
  }

  @Test
  void engine_hangingCheck_timesOut_andSnapshotsNeverWait() {
    CheckSpec spec =
        new CheckSpec(
            "web",
            target(base + "/hang", 200, 399, Map.of()),
            Duration.ofMinutes(1),
            Duration.ofMinutes(1),
            Duration.ofMillis(200),
            1,
            1,
            0,
            true,
            false);
    RecordingSink sink = new RecordingSink();
    try (Checks checks =
        Checks.builder(new ChecksConfig(Map.of("web", spec), Map.of()), sink).build()) {
      checks.start();

      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> checks.snapshot().checks().get(0).last() != null);
      // The request is still hanging on the server: reads answer from the cache meanwhile.
      for (int i = 0; i < 100; i++) {
        assertTimeoutPreemptively(Duration.ofMillis(100), checks::snapshot);
      }
      CheckResult last = checks.snapshot().checks().get(0).last();
      assertThat(last.passed()).isFalse();
      assertThat(last.output())
          .isIn("timed out after 200ms", "GET " + base + "/hang: no response within 200ms");
      assertThat(sink.calls()).containsExactly("=UNKNOWN", "=NOT_SERVING");
    }
  }
}
