package dev.vitals.bench;

import dev.vitals.server.metrics.ServerMetrics;
import dev.vitals.server.status.StatusRegistry;
import io.grpc.Attributes;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServerStreamTracer;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.internal.StatsTraceContext;
import io.grpc.protobuf.services.HealthStatusManager;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the gRFC A66 call metrics add to one unary call on the server, without the network: the
 * stream events grpc-java's transport reports for a Check ({@link StatsTraceContext}), with no
 * tracer ({@code none}: grpc's no-op context), a tracer that does nothing ({@code empty}: grpc's
 * own cost of having one), the metrics' tracer as first written ({@code previous}: the method
 * looked up by the name the transport passes, grpc-java's default {@code serverCallStarted}) or the
 * metrics' tracer now ({@code metrics}). Most of what either costs is its two clock reads. The
 * difference is the per-call cost of {@code /metrics}' RPC series, to set beside a Check's whole
 * server-side cost (BENCHMARKS.md, Metrics on against off).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RpcTracerCost {
  private static final String CHECK = "grpc.health.v1.Health/Check";

  /** What the server tells the tracers when a Check starts. */
  private static final ServerStreamTracer.ServerCallInfo<?, ?> STARTED =
      new ServerStreamTracer.ServerCallInfo<HealthCheckRequest, HealthCheckResponse>() {
        @Override
        public MethodDescriptor<HealthCheckRequest, HealthCheckResponse> getMethodDescriptor() {
          return HealthGrpc.getCheckMethod();
        }

        @Override
        public Attributes getAttributes() {
          return Attributes.EMPTY;
        }

        @Override
        public @Nullable String getAuthority() {
          return "127.0.0.1";
        }
      };

  /** The tracer factories of a server with metrics off or on. */
  @State(Scope.Benchmark)
  public static class Tracers {
    @Param({"none", "empty", "metrics"})
    public String metrics;

    List<ServerStreamTracer.Factory> factories = List.of();

    @Setup
    public void setUp() {
      if (metrics.equals("metrics")) {
        ServerServiceDefinition health = new HealthStatusManager().getHealthService().bindService();
        ServerMetrics serverMetrics =
            ServerMetrics.create(new StatusRegistry(Clock.systemUTC(), 100), "bench");
        factories = List.of(serverMetrics.rpcTracer(List.of(health)));
      } else if (metrics.equals("empty")) {
        factories =
            List.of(
                new ServerStreamTracer.Factory() {
                  @Override
                  public ServerStreamTracer newServerStreamTracer(String method, Metadata headers) {
                    return new ServerStreamTracer() {};
                  }
                });
      }
    }
  }

  /** One unary call's stream events, as the Netty server transport reports them. */
  @Benchmark
  public StatsTraceContext unaryCall(Tracers tracers) {
    Metadata headers = new Metadata();
    // The transport passes a new String per call (a substring of the :path header).
    StatsTraceContext context =
        StatsTraceContext.newServerContext(tracers.factories, new String(CHECK), headers);
    context.serverCallStarted(STARTED);
    context.inboundMessage(0);
    context.inboundWireSize(12);
    context.inboundUncompressedSize(12);
    context.inboundMessageRead(0, 12, 12);
    context.outboundMessage(0);
    context.outboundWireSize(7);
    context.outboundUncompressedSize(7);
    context.outboundMessageSent(0, 7, 7);
    context.streamClosed(Status.OK);
    return context;
  }
}
