package dev.vitals.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.command.HealthState;
import com.github.dockerjava.api.command.TopContainerResponse;
import com.github.dockerjava.api.model.HealthCheck;
import dev.vitals.client.AdminClient;
import dev.vitals.client.ServingStatus;
import dev.vitals.testing.PrometheusText;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.io.Reader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.yaml.snakeyaml.Yaml;

/**
 * The real image's HTTP port: {@code /readyz} following a flip through the admin API, {@code
 * /metrics} in the Prometheus text format, the status page with no external assets, and
 * docker-compose.yml's healthcheck (run by Docker on this container) healthy without starting a
 * JVM. One container for the class: the flip test puts the status back.
 */
@Testcontainers
class HttpIT {
  private static final String TOKEN = "http-it-admin-token-5e1b";
  private static final Path COMPOSE_FILE =
      Path.of(System.getProperty("vitals.compose.file", "../docker-compose.yml"));

  /** docker-compose.yml's healthcheck command, as Docker runs it. */
  private static final List<String> HEALTHCHECK = composeHealthcheck();

  @Container
  static final VitalsServerContainer server =
      new VitalsServerContainer()
          .withAdminToken(TOKEN)
          .withServices("db=SERVING")
          // The compose file's command, probed often so that a test sees many probes.
          .withCreateContainerCmdModifier(
              cmd ->
                  cmd.withHealthcheck(
                      new HealthCheck()
                          .withTest(HEALTHCHECK)
                          .withInterval(Duration.ofMillis(300).toNanos())
                          .withTimeout(Duration.ofSeconds(5).toNanos())
                          .withRetries(3)
                          .withStartPeriod(Duration.ofSeconds(30).toNanos())));

  private static final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private static ManagedChannel channel;
  private static AdminClient admin;

  @BeforeAll
  static void connect() {
    channel = server.newChannel();
    admin = AdminClient.create(channel, TOKEN);
  }

  @AfterAll
  static void disconnect() throws InterruptedException {
    VitalsServerContainer.shutdown(channel);
  }

  @SuppressWarnings("unchecked")
  private static List<String> composeHealthcheck() {
    try (Reader reader = Files.newBufferedReader(COMPOSE_FILE)) {
      Map<String, Object> compose = new Yaml().load(reader);
      Map<String, Object> services = (Map<String, Object>) compose.get("services");
      Map<String, Object> vitals = (Map<String, Object>) services.get("vitals");
      Map<String, Object> healthcheck = (Map<String, Object>) vitals.get("healthcheck");
      return List.copyOf((List<String>) healthcheck.get("test"));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + COMPOSE_FILE.toAbsolutePath(), e);
    }
  }

  private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(server.httpUri(path)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void readyz_followsAFlipThroughTheAdminApi() throws Exception {
    HttpResponse<String> ready = get("/readyz");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.body()).isEqualTo("ok");
    try {
      admin.set("", ServingStatus.NOT_SERVING);

      HttpResponse<String> notReady = get("/readyz?verbose");
      assertThat(notReady.statusCode()).isEqualTo(503);
      assertThat(notReady.body().lines())
          .contains("[-]readiness failed: status NOT_SERVING", "readyz check failed");
      assertThat(get("/livez").statusCode()).isEqualTo(200);
    } finally {
      admin.set("", ServingStatus.SERVING);
    }
    assertThat(get("/readyz").statusCode()).isEqualTo(200);
  }

  @Test
  void metrics_parseAndIncludeTheConfiguredServicesStatus() throws Exception {
    HttpResponse<String> response = get("/metrics");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
    Map<String, Double> samples = PrometheusText.parse(response.body());
    assertThat(samples)
        .containsEntry("vitals_health_status{service=\"db\",status=\"SERVING\"}", 1.0)
        .containsEntry("vitals_health_status{service=\"db\",status=\"NOT_SERVING\"}", 0.0);
    assertThat(samples.keySet())
        .anyMatch(key -> key.startsWith("vitals_build_info{version="))
        .anyMatch(key -> key.startsWith("grpc_server_call_started_total{"))
        .anyMatch(key -> key.startsWith("jvm_memory_used_bytes{"));
  }

  @Test
  void page_isServedWithNoExternalAssets() throws Exception {
    HttpResponse<String> page = get("/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("content-type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
    String html = page.body();
    assertThat(html).startsWith("<!doctype html>").contains("<title>vitals</title>");
    List<String> references = new ArrayList<>();
    Matcher reference = Pattern.compile("(?i)\\b(?:src|href)\\s*=\\s*\"([^\"]*)\"").matcher(html);
    while (reference.find()) {
      references.add(reference.group(1));
    }
    assertThat(references).isNotEmpty().noneMatch(ref -> ref.matches("(?i)^(https?:)?//.*"));
    // The page's own assets are served by the container too.
    for (String ref : references) {
      if (ref.endsWith(".css") || ref.endsWith(".js")) {
        HttpResponse<String> asset = get("/" + ref);
        assertThat(asset.statusCode()).as(ref).isEqualTo(200);
        assertThat(asset.body()).as(ref).doesNotContainPattern("(?i)https?://");
      }
    }
  }

  @Test
  void composeHealthcheck_isHealthy_andStartsNoJvm() {
    assertThat(HEALTHCHECK).first().isEqualTo("CMD");
    assertThat(HEALTHCHECK).doesNotContain("java", "vitals").contains("wget");

    await().atMost(60, TimeUnit.SECONDS).until(() -> "healthy".equals(health().getStatus()));
    // Watch the container's processes while Docker runs more probes (every 300 ms; it keeps the
    // last 5 in its log, each with its start time): the server is the only java process every
    // time, whatever the probe is doing.
    Set<String> probes = new HashSet<>();
    health().getLog().forEach(probe -> probes.add(probe.getStart()));
    Set<String> before = Set.copyOf(probes);
    int samples = 0;
    while (probes.size() - before.size() < 5) {
      assertThat(javaProcesses()).as("java processes in the container").hasSize(1);
      health().getLog().forEach(probe -> probes.add(probe.getStart()));
      samples++;
      assertThat(samples).as("samples taken while waiting for 5 more probes").isLessThan(10_000);
    }
    assertThat(health().getLog())
        .last()
        .satisfies(
            probe -> {
              assertThat(probe.getExitCodeLong()).isZero();
              assertThat(probe.getOutput()).isEqualTo("ok");
            });
  }

  private static HealthState health() {
    return server
        .getDockerClient()
        .inspectContainerCmd(server.getContainerId())
        .exec()
        .getState()
        .getHealth();
  }

  private static List<String> javaProcesses() {
    TopContainerResponse top =
        server
            .getDockerClient()
            .topContainerCmd(server.getContainerId())
            .withPsArgs("-eo pid,comm")
            .exec();
    List<String> java = new ArrayList<>();
    for (String[] process : top.getProcesses()) {
      if (process.length == 2 && process[1].equals("java")) {
        java.add(process[0]);
      }
    }
    return java;
  }
}
