package dev.vitals.server.metrics;

import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServerStreamTracer;
import io.grpc.Status;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.LongSupplier;

/**
 * gRFC A66's server call metrics, from a stream tracer: it sees every call, including those to
 * methods the server does not serve, which it records as {@code other} so that a client cannot
 * create series. The data points of each method are looked up once, not per call. What a call costs
 * here is mostly its two clock reads (BENCHMARKS.md, Metrics on against off).
 */
final class RpcMetrics extends ServerStreamTracer.Factory {
  /** gRFC A66's latency buckets, in seconds. */
  static final double[] A66_LATENCY_BUCKETS = {
    0.00001, 0.00005, 0.0001, 0.0003, 0.0006, 0.0008, 0.001, 0.002, 0.003, 0.004, 0.005, 0.006,
    0.008, 0.01, 0.013, 0.016, 0.02, 0.025, 0.03, 0.04, 0.05, 0.065, 0.08, 0.1, 0.13, 0.16, 0.2,
    0.25, 0.3, 0.4, 0.5, 0.65, 0.8, 1, 2, 5, 10, 20, 50, 100
  };

  /** The label of every method the server does not serve. */
  static final String OTHER = "other";

  private final Map<String, Method> methods = new HashMap<>();
  private final Method other;
  private final LongSupplier nanoTime;

  RpcMetrics(Collection<ServerServiceDefinition> services, Counter started, Histogram duration) {
    this(services, started, duration, System::nanoTime);
  }

  /**
   * @param nanoTime the clock calls are timed with ({@code System::nanoTime}; tests pass their own)
   */
  RpcMetrics(
      Collection<ServerServiceDefinition> services,
      Counter started,
      Histogram duration,
      LongSupplier nanoTime) {
    for (ServerServiceDefinition service : services) {
      for (var method : service.getMethods()) {
        MethodDescriptor<?, ?> descriptor = method.getMethodDescriptor();
        String name = descriptor.getFullMethodName();
        methods.put(name, new Method(name, started, duration));
      }
    }
    other = new Method(OTHER, started, duration);
    this.nanoTime = nanoTime;
  }

  /** {@code grpc_server_call_started_total{grpc_method}}, registered in {@code registry}. */
  static Counter callsStarted(PrometheusRegistry registry) {
    return Counter.builder()
        .name("grpc_server_call_started_total")
        .help("gRPC calls started (gRFC A66); methods not served are 'other'")
        .labelNames("grpc_method")
        .withoutExemplars()
        .register(registry);
  }

  /**
   * {@code grpc_server_call_duration_seconds{grpc_method,grpc_status}}, registered in {@code
   * registry}: classic buckets only (A66's), no exemplars.
   */
  static Histogram callDuration(PrometheusRegistry registry) {
    return Histogram.builder()
        .name("grpc_server_call_duration_seconds")
        .help("gRPC call duration, from the headers to the trailers (gRFC A66)")
        .unit(Unit.SECONDS)
        .labelNames("grpc_method", "grpc_status")
        .classicOnly()
        .classicUpperBounds(A66_LATENCY_BUCKETS)
        .withoutExemplars()
        .register(registry);
  }

  @Override
  public ServerStreamTracer newServerStreamTracer(String fullMethodName, Metadata headers) {
    Method method = methods.getOrDefault(fullMethodName, other);
    method.started.inc();
    return new CallTracer(method, nanoTime, nanoTime.getAsLong());
  }

  /** One method's data points: started, and a duration per status code (made on first use). */
  private static final class Method {
    final String label;
    final CounterDataPoint started;
    final Histogram duration;
    final AtomicReferenceArray<DistributionDataPoint> byCode =
        new AtomicReferenceArray<>(Status.Code.values().length);

    Method(String label, Counter started, Histogram duration) {
      this.label = label;
      this.started = started.labelValues(label);
      this.duration = duration;
    }

    DistributionDataPoint duration(Status.Code code) {
      DistributionDataPoint point = byCode.get(code.value());
      if (point == null) {
        point = duration.labelValues(label, code.name());
        byCode.set(code.value(), point);
      }
      return point;
    }
  }

  private static final class CallTracer extends ServerStreamTracer {
    private final Method method;
    private final LongSupplier nanoTime;
    private final long startNanos;

    CallTracer(Method method, LongSupplier nanoTime, long startNanos) {
      this.method = method;
      this.nanoTime = nanoTime;
      this.startNanos = startNanos;
    }

    /**
     * Nothing to do when the call starts; overridden because grpc-java's default wraps {@code
     * callInfo} in a new {@code ServerCall} per call for a deprecated overload.
     */
    @Override
    public void serverCallStarted(ServerCallInfo<?, ?> callInfo) {}

    @Override
    public void streamClosed(Status status) {
      method.duration(status.getCode()).observe((nanoTime.getAsLong() - startNanos) / 1e9);
    }
  }
}
