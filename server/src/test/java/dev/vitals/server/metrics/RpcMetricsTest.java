package dev.vitals.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.testing.PrometheusText;
import io.grpc.Attributes;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServerStreamTracer;
import io.grpc.Status;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.protobuf.services.HealthStatusManager;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class RpcMetricsTest {
  private static final String CHECK = "grpc.health.v1.Health/Check";
  private static final String CHECK_OK = "grpc_method=\"" + CHECK + "\",grpc_status=\"OK\"";

  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final ServerServiceDefinition health =
      new HealthStatusManager().getHealthService().bindService();
  private final ServerStreamTracer.Factory tracer =
      new RpcMetrics(
          List.of(health),
          RpcMetrics.callsStarted(registry),
          RpcMetrics.callDuration(registry),
          nanos::get);

  /** One call of {@code method} that took {@code tookNanos} and ended with {@code code}. */
  private void call(String method, long tookNanos, Status.Code code) {
    ServerStreamTracer call = tracer.newServerStreamTracer(method, new Metadata());
    nanos.addAndGet(tookNanos);
    call.streamClosed(Status.fromCode(code));
  }

  /** What grpc-java tells a tracer when a call to a served method starts. */
  private static ServerStreamTracer.ServerCallInfo<?, ?> started(MethodDescriptor<?, ?> method) {
    return new ServerStreamTracer.ServerCallInfo<>() {
      @Override
      public MethodDescriptor<Object, Object> getMethodDescriptor() {
        @SuppressWarnings("unchecked")
        MethodDescriptor<Object, Object> descriptor = (MethodDescriptor<Object, Object>) method;
        return descriptor;
      }

      @Override
      public Attributes getAttributes() {
        return Attributes.EMPTY;
      }

      @Override
      public @Nullable String getAuthority() {
        return null;
      }
    };
  }

  /**
   * The key of the duration histogram's count of {@code method}'s calls that ended in {@code code}.
   */
  private static String count(String method, String code) {
    return "grpc_server_call_duration_seconds_count{grpc_method=\""
        + method
        + "\",grpc_status=\""
        + code
        + "\"}";
  }

  private String text() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, registry.scrape());
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void beforeAnyCall_everyServedMethodAndOtherAtZero_noDurations() throws Exception {
    Map<String, Double> metrics = PrometheusText.parse(text());

    assertThat(metrics)
        .containsEntry("grpc_server_call_started_total{grpc_method=\"" + CHECK + "\"}", 0.0)
        .containsEntry(
            "grpc_server_call_started_total{grpc_method=\"grpc.health.v1.Health/Watch\"}", 0.0)
        .containsEntry("grpc_server_call_started_total{grpc_method=\"other\"}", 0.0);
    assertThat(metrics.keySet()).noneMatch(key -> key.startsWith("grpc_server_call_duration"));
  }

  @Test
  void calls_areCountedAndTimedInTheirBuckets_perMethodAndCode() throws Exception {
    call(CHECK, 1_500_000, Status.Code.OK); // 1.5 ms: le="0.002"
    call(CHECK, 2_000_000, Status.Code.OK); // 2 ms: le="0.002", inclusive
    call(CHECK, 300_000_000_000L, Status.Code.OK); // 300 s: only +Inf
    call(CHECK, 4_000, Status.Code.NOT_FOUND);
    call("no.such.Service/Method", 7_000_000, Status.Code.UNIMPLEMENTED);

    Map<String, Double> metrics = PrometheusText.parse(text());

    assertThat(metrics)
        .containsEntry("grpc_server_call_started_total{grpc_method=\"" + CHECK + "\"}", 4.0)
        .containsEntry("grpc_server_call_started_total{grpc_method=\"other\"}", 1.0)
        .containsEntry(
            "grpc_server_call_duration_seconds_bucket{" + CHECK_OK + ",le=\"0.001\"}", 0.0)
        .containsEntry(
            "grpc_server_call_duration_seconds_bucket{" + CHECK_OK + ",le=\"0.002\"}", 2.0)
        .containsEntry(
            "grpc_server_call_duration_seconds_bucket{" + CHECK_OK + ",le=\"100.0\"}", 2.0)
        .containsEntry(
            "grpc_server_call_duration_seconds_bucket{" + CHECK_OK + ",le=\"+Inf\"}", 3.0)
        .containsEntry("grpc_server_call_duration_seconds_count{" + CHECK_OK + "}", 3.0)
        .containsEntry(count(CHECK, "NOT_FOUND"), 1.0)
        .containsEntry(count("other", "UNIMPLEMENTED"), 1.0);
    assertThat(metrics.get("grpc_server_call_duration_seconds_sum{" + CHECK_OK + "}"))
        .isCloseTo(300.0035, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void startedCall_isCountedOnceWhenItsStreamOpens() throws Exception {
    ServerStreamTracer call = tracer.newServerStreamTracer(CHECK, new Metadata());
    call.serverCallStarted(started(HealthGrpc.getCheckMethod()));
    nanos.addAndGet(3_000_000);
    call.streamClosed(Status.OK);
    // A stream reset by the client before its call started.
    ServerStreamTracer reset = tracer.newServerStreamTracer(CHECK, new Metadata());
    reset.streamClosed(Status.CANCELLED);

    Map<String, Double> metrics = PrometheusText.parse(text());

    assertThat(metrics)
        .containsEntry("grpc_server_call_started_total{grpc_method=\"" + CHECK + "\"}", 2.0)
        .containsEntry("grpc_server_call_started_total{grpc_method=\"other\"}", 0.0)
        .containsEntry(
            "grpc_server_call_duration_seconds_bucket{" + CHECK_OK + ",le=\"0.003\"}", 1.0)
        .containsEntry(count(CHECK, "CANCELLED"), 1.0);
  }

  @Test
  void openMetrics_hasTheHistogramAndTheCounterWithTheirTypes() throws Exception {
    call(CHECK, 1_500_000, Status.Code.OK);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    OpenMetricsTextFormatWriter.create().write(out, registry.scrape());
    String text = out.toString(StandardCharsets.UTF_8);

    assertThat(text)
        .contains("# TYPE grpc_server_call_started counter\n")
        .contains("# TYPE grpc_server_call_duration_seconds histogram\n")
        .contains("# UNIT grpc_server_call_duration_seconds seconds\n")
        .contains("grpc_server_call_started_total{grpc_method=\"" + CHECK + "\"} 1.0\n")
        .contains("grpc_server_call_duration_seconds_count{" + CHECK_OK + "} 1\n")
        .endsWith("# EOF\n");
  }
}
