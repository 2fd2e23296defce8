package dev.vitals.server.metrics;

import static dev.vitals.server.checks.CheckState.PASSING;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vitals.server.TestServers;
import dev.vitals.server.VitalsServer;
import dev.vitals.server.checks.CheckResult;
import dev.vitals.server.checks.ChecksConfigParser;
import dev.vitals.server.checks.ResultListener;
import dev.vitals.server.http.HttpConfig;
import dev.vitals.server.status.StatusRegistry;
import dev.vitals.testing.GrpcCleanupExtension;
import dev.vitals.testing.PrometheusText;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code vitals_check_duration_seconds} and {@code vitals_check_results_total}. */
class CheckMetricsTest {
  private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

  @RegisterExtension final GrpcCleanupExtension cleanup = new GrpcCleanupExtension();

  private static Map<String, Double> scrape(ServerMetrics metrics) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    metrics.write(null, out);
    return PrometheusText.parse(out.toString(UTF_8));
  }

  private static ServerMetrics metricsOf(List<String> checks) {
    return ServerMetrics.create(
        new StatusRegistry(Clock.fixed(NOW, java.time.ZoneOffset.UTC)), "test", checks);
  }

  /** The keys of the check metrics' series. */
  private static Set<String> checkSeries(Map<String, Double> samples) {
    return samples.keySet().stream()
        .filter(key -> key.startsWith("vitals_check_"))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void create_everyConfiguredCheckHasItsSeriesAtZero() throws Exception {
    Map<String, Double> samples = scrape(metricsOf(List.of("db", "cache")));

    for (String check : List.of("db", "cache")) {
      assertThat(samples)
          .containsEntry("vitals_check_results_total{check=\"" + check + "\",result=\"pass\"}", 0.0)
          .containsEntry("vitals_check_results_total{check=\"" + check + "\",result=\"fail\"}", 0.0)
          .containsEntry("vitals_check_duration_seconds_count{check=\"" + check + "\"}", 0.0)
          .containsEntry("vitals_check_duration_seconds_sum{check=\"" + check + "\"}", 0.0)
          .containsEntry(
              "vitals_check_duration_seconds_bucket{check=\"" + check + "\",le=\"+Inf\"}", 0.0);
    }
    assertThat(checkSeries(samples))
        .allMatch(key -> key.contains("check=\"db\"") || key.contains("check=\"cache\""));
  }

  @Test
  void create_withoutChecks_hasNoCheckSeries() throws Exception {
    assertThat(checkSeries(scrape(metricsOf(List.of())))).isEmpty();
  }

  @Test
  void recorded_countsTheResultAndObservesTheLatency() throws Exception {
    ServerMetrics metrics = metricsOf(List.of("db"));
    ResultListener listener = metrics.checkResults();

    listener.recorded("db", new CheckResult(true, "connected", Duration.ofMillis(3), NOW), PASSING);
    listener.recorded("db", new CheckResult(true, "connected", Duration.ofMillis(7), NOW), PASSING);
    listener.recorded(
        "db", new CheckResult(false, "timed out after 2s", Duration.ofSeconds(2), NOW), PASSING);

    Map<String, Double> samples = scrape(metrics);
    assertThat(samples)
        .containsEntry("vitals_check_results_total{check=\"db\",result=\"pass\"}", 2.0)
        .containsEntry("vitals_check_results_total{check=\"db\",result=\"fail\"}", 1.0)
        .containsEntry("vitals_check_duration_seconds_count{check=\"db\"}", 3.0)
        .containsEntry("vitals_check_duration_seconds_bucket{check=\"db\",le=\"0.0025\"}", 0.0)
        .containsEntry("vitals_check_duration_seconds_bucket{check=\"db\",le=\"0.005\"}", 1.0)
        .containsEntry("vitals_check_duration_seconds_bucket{check=\"db\",le=\"0.01\"}", 2.0)
        .containsEntry("vitals_check_duration_seconds_bucket{check=\"db\",le=\"1.0\"}", 2.0)
        .containsEntry("vitals_check_duration_seconds_bucket{check=\"db\",le=\"2.5\"}", 3.0)
        .containsEntry("vitals_check_duration_seconds_bucket{check=\"db\",le=\"+Inf\"}", 3.0);
    assertThat(samples.get("vitals_check_duration_seconds_sum{check=\"db\"}"))
        .isCloseTo(2.010, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void server_checkRunsAreCounted_perConfiguredCheckOnly() throws Exception {
    try (ServerSocket up = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      int closed;
      try (ServerSocket gone = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
        closed = gone.getLocalPort();
      }
      String yaml =
          "checks:\n"
              + tcpCheck("up", up.getLocalPort())
              + tcpCheck("down", closed)
              + "services:\n  orders: { checks: [up, down] }\n";
      VitalsServer server =
          VitalsServer.create(
              TestServers.inProcess()
                  .http(HttpConfig.of(0, "127.0.0.1"))
                  .checks(ChecksConfigParser.parse("vitals.yaml", new StringReader(yaml)))
                  .build());
      TestServers.start(cleanup, server);
      HttpClient client = HttpClient.newHttpClient();
      HttpRequest request =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + "/metrics"))
              .build();

      Map<String, Double> samples =
          await()
              .atMost(10, TimeUnit.SECONDS)
              .until(
                  () ->
                      PrometheusText.parse(
                          client.send(request, HttpResponse.BodyHandlers.ofString()).body()),
                  s ->
                      s.getOrDefault(
                                  "vitals_check_results_total{check=\"up\",result=\"pass\"}", 0.0)
                              >= 2
                          && s.getOrDefault(
                                  "vitals_check_results_total{check=\"down\",result=\"fail\"}", 0.0)
                              >= 2);

      assertThat(samples)
          .containsEntry("vitals_check_results_total{check=\"up\",result=\"fail\"}", 0.0)
          .containsEntry("vitals_check_results_total{check=\"down\",result=\"pass\"}", 0.0);
      assertThat(checkSeries(samples))
          .allMatch(key -> key.contains("check=\"up\"") || key.contains("check=\"down\""));
    }
  }

  private static String tcpCheck(String name, int port) {
    return "  "
        + name
        + ":\n    tcp: { address: \"127.0.0.1:"
        + port
        + "\" }\n    interval: 50ms\n    timeout: 1s\n    fall: 1\n    rise: 1\n    jitter: 0%\n";
  }
}
