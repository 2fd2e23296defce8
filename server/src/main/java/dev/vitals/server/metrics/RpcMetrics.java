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
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * gRFC A66's server call metrics, from a stream tracer: it sees every call, including those to
 * methods the server does not serve, which it records as {@code other} so that a client cannot
 * create series. The data points of each method are looked up once, not per call.
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

  RpcMetrics(Collection<ServerServiceDefinition> services, Counter started, Histogram duration) {
    for (ServerServiceDefinition service : services) {
      for (var method : service.getMethods()) {
        MethodDescriptor<?, ?> descriptor = method.getMethodDescriptor();
        String name = descriptor.getFullMethodName();
        methods.put(name, new Method(name, started, duration));
      }
    }
    other = new Method(OTHER, started, duration);
  }

  @Override
  public ServerStreamTracer newServerStreamTracer(String fullMethodName, Metadata headers) {
    Method method = methods.getOrDefault(fullMethodName, other);
    method.started.inc();
    return new CallTracer(method, System.nanoTime());
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
    private final long startNanos;

    CallTracer(Method method, long startNanos) {
      this.method = method;
      this.startNanos = startNanos;
    }

    @Override
    public void streamClosed(Status status) {
      method.duration(status.getCode()).observe((System.nanoTime() - startNanos) / 1e9);
    }
  }
}
