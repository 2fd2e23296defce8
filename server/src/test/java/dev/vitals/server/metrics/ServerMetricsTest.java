package dev.vitals.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vitals.api.health.v1.HealthCheckRequest;
import dev.vitals.api.health.v1.HealthGrpc;
import dev.vitals.common.HealthStatus;
import dev.vitals.server.TestServers;
import dev.vitals.server.VitalsServer;
import dev.vitals.server.http.HttpConfig;
import dev.vitals.server.status.StatusRegistry;
import dev.vitals.testing.GrpcCleanupExtension;
import dev.vitals.testing.PrometheusText;
import dev.vitals.testing.WatchRecorder;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ServerMetricsTest {
  @RegisterExtension final GrpcCleanupExtension cleanup = new GrpcCleanupExtension();

  private final HttpClient client = HttpClient.newHttpClient();
  private VitalsServer server;
  private ManagedChannel channel;

  @BeforeEach
  void start() {
    server =
        VitalsServer.create(TestServers.inProcess().http(HttpConfig.of(0, "127.0.0.1")).build());
    channel = TestServers.start(cleanup, server);
  }

  private HttpResponse<String> scrape(String accept) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + "/metrics"));
    if (accept != null) {
      request.header("Accept", accept);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private Map<String, Double> metrics() throws Exception {
    HttpResponse<String> response = scrape(null);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
    return PrometheusText.parse(response.body());
  }

  /** The series of vitals_ and grpc_ metrics (the JVM's come and go with the GC's work). */
  private Set<String> ownSeries() throws Exception {
    return metrics().keySet().stream()
        .filter(key -> key.startsWith("vitals_") || key.startsWith("grpc_"))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private void check(String service) {
    try {
      HealthGrpc.newBlockingStub(channel)
          .withDeadlineAfter(5, TimeUnit.SECONDS)
          .check(HealthCheckRequest.newBuilder().setService(service).build());
    } catch (StatusRuntimeException e) {
      // NOT_FOUND for unknown names: the call is what counts here
    }
  }

  private void callUnknownMethod(String name) {
    MethodDescriptor<InputStream, InputStream> method =
        MethodDescriptor.<InputStream, InputStream>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(name)
            .setRequestMarshaller(new Raw())
            .setResponseMarshaller(new Raw())
            .build();
    assertThatThrownBy(
            () ->
                ClientCalls.blockingUnaryCall(
                    channel,
                    method,
                    CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS),
                    new ByteArrayInputStream(new byte[0])))
        .isInstanceOf(StatusRuntimeException.class)
        .hasMessageStartingWith("UNIMPLEMENTED");
  }

  @Test
  void set_countsOneTransition_andTheCurrentStatus() throws Exception {
    server.registry().set("db", HealthStatus.SERVING);
    Map<String, Double> before = metrics();
    assertThat(before)
        .containsEntry(
            "vitals_health_transitions_total{from=\"SERVICE_UNKNOWN\",service=\"db\",to=\"SERVING\"}",
            1.0)
        .containsEntry("vitals_health_status{service=\"db\",status=\"SERVING\"}", 1.0)
        .containsEntry("vitals_health_status{service=\"db\",status=\"NOT_SERVING\"}", 0.0)
        .containsEntry("vitals_health_status{service=\"db\",status=\"UNKNOWN\"}", 0.0);

    server.registry().set("db", HealthStatus.NOT_SERVING);
    server.registry().set("db", HealthStatus.NOT_SERVING); // no change, no transition

    Map<String, Double> after = metrics();
    assertThat(after)
        .containsEntry(
            "vitals_health_transitions_total{from=\"SERVING\",service=\"db\",to=\"NOT_SERVING\"}",
            1.0)
        .containsEntry("vitals_health_status{service=\"db\",status=\"NOT_SERVING\"}", 1.0)
        .containsEntry("vitals_health_status{service=\"db\",status=\"SERVING\"}", 0.0);
  }

  @Test
  void unknownNamesAndMethods_createNoSeries() throws Exception {
    check("warm-up");
    callUnknownMethod("warm.Up/Call");
    Set<String> before = ownSeries();

    for (int i = 0; i < 1_000; i++) {
      check(UUID.randomUUID().toString());
    }
    for (int i = 0; i < 100; i++) {
      callUnknownMethod("evil.Service" + i + "/Method" + UUID.randomUUID());
    }

    assertThat(ownSeries()).isEqualTo(before);
    Map<String, Double> metrics = metrics();
    assertThat(metrics)
        .containsEntry(
            "grpc_server_call_started_total{grpc_method=\"grpc.health.v1.Health/Check\"}", 1_001.0)
        .containsEntry("grpc_server_call_started_total{grpc_method=\"other\"}", 101.0)
        .containsEntry(
            "grpc_server_call_duration_seconds_count{grpc_method=\"grpc.health.v1.Health/Check\","
                + "grpc_status=\"NOT_FOUND\"}",
            1_001.0);
  }

  @Test
  void watchers_areCountedPerRegisteredService() throws Exception {
    server.registry().set("db", HealthStatus.SERVING);
    WatchRecorder db = new WatchRecorder();
    WatchRecorder unknown = new WatchRecorder();
    HealthGrpc.newStub(channel).watch(HealthCheckRequest.newBuilder().setService("db").build(), db);
    HealthGrpc.newStub(channel)
        .watch(
            HealthCheckRequest.newBuilder().setService("no-such-" + UUID.randomUUID()).build(),
            unknown);
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(5))
        .until(() -> server.registry().watcherCount() == 2);

    assertThat(metrics())
        .containsEntry("vitals_watchers{service=\"db\"}", 1.0)
        .containsEntry("vitals_watchers{service=\"" + ServerMetrics.UNREGISTERED + "\"}", 1.0);
  }

  @Test
  void metrics_includeBuildInfoAndTheJvms() throws Exception {
    Map<String, Double> metrics = metrics();
    assertThat(metrics.keySet())
        .anyMatch(key -> key.startsWith("vitals_build_info{version="))
        .anyMatch(key -> key.startsWith("jvm_memory_used_bytes{"))
        .anyMatch(key -> key.startsWith("jvm_gc_collection_seconds_count{"))
        .anyMatch(key -> key.startsWith("jvm_threads_current"))
        .anyMatch(key -> key.startsWith("process_cpu_seconds_total"));
  }

  @Test
  void jvmMetrics_areRegisteredAtTheFirstScrape_notBefore() throws Exception {
    ServerMetrics metrics =
        ServerMetrics.create(new StatusRegistry(java.time.Clock.systemUTC()), "test");
    assertThat(metricNames(metrics)).noneMatch(name -> name.startsWith("jvm_"));

    metrics.write(null, java.io.OutputStream.nullOutputStream());

    assertThat(metricNames(metrics))
        .contains("jvm_memory_used_bytes", "jvm_threads_current", "process_cpu_seconds");
  }

  private static java.util.List<String> metricNames(ServerMetrics metrics) {
    return metrics.registry().scrape().stream()
        .map(snapshot -> snapshot.getMetadata().getPrometheusName())
        .toList();
  }

  @Test
  void metrics_openMetricsWhenAsked() throws Exception {
    HttpResponse<String> response =
        scrape("application/openmetrics-text; version=1.0.0; charset=utf-8");
    assertThat(response.headers().firstValue("content-type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/openmetrics-text"));
    assertThat(response.body())
        .endsWith("# EOF\n")
        .contains("# TYPE vitals_health_transitions counter");
  }

  /** Request and response bytes as they are. */
  private static final class Raw implements MethodDescriptor.Marshaller<InputStream> {
    @Override
    public InputStream stream(InputStream value) {
      return value;
    }

    @Override
    public InputStream parse(InputStream stream) {
      return stream;
    }
  }
}
