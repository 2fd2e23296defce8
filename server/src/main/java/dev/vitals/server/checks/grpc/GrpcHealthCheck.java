package dev.vitals.server.checks.grpc;

import static java.util.Objects.requireNonNull;

import dev.vitals.api.health.v1.HealthCheckRequest;
import dev.vitals.api.health.v1.HealthCheckResponse;
import dev.vitals.api.health.v1.HealthGrpc;
import dev.vitals.server.checks.Check;
import dev.vitals.server.checks.CheckOutcome;
import dev.vitals.server.checks.CheckSpec;
import dev.vitals.server.checks.CheckTarget;
import dev.vitals.server.checks.Scheduler;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The {@code grpc} check type. {@link #forSpec} makes the check of a file's {@code grpc} entry (one
 * or many backends, Watch first, a quorum); {@link #forChannel} is the plain form over a channel
 * the caller owns: its standard {@code grpc.health.v1.Health/Check} for a service must answer
 * SERVING within the timeout (the call's deadline).
 *
 * @see <a href="https://github.com/grpc/grpc/blob/master/doc/health-checking.md">gRPC Health
 *     Checking Protocol</a>
 */
public final class GrpcHealthCheck implements Check {
  private final Channel channel;
  private final String service;
  private final String display;

  private GrpcHealthCheck(Channel channel, String service, String display) {
    this.channel = channel;
    this.service = service;
    this.display = display;
  }

  /**
   * The {@code grpc} check of {@code spec}: every backend of its addresses followed with Watch (or
   * Check where Watch is missing), passing while its quorum is SERVING. Names are resolved with the
   * JVM's resolver. Its channels are closed by {@link Check#close()}.
   *
   * @param clock the engine's clock and timer (backoff, timeouts, polling)
   * @throws IllegalArgumentException if an address is not a target gRPC can use
   */
  public static Check forSpec(CheckSpec spec, Scheduler clock) {
    return forSpec(spec, clock, BackendResolver.system());
  }

  /** As {@link #forSpec(CheckSpec, Scheduler)}, with names resolved by {@code resolver}. */
  public static Check forSpec(CheckSpec spec, Scheduler clock, BackendResolver resolver) {
    requireNonNull(spec, "spec");
    requireNonNull(clock, "clock");
    requireNonNull(resolver, "resolver");
    if (!(spec.target() instanceof CheckTarget.Grpc)) {
      throw new IllegalArgumentException("not a grpc check: " + spec.target().type());
    }
    return new UpstreamCheck(spec, clock, resolver);
  }

  /**
   * A check over {@code channel}, which the caller owns and closes (tests use an in-process one).
   */
  public static GrpcHealthCheck forChannel(Channel channel, String service) {
    requireNonNull(channel, "channel");
    requireNonNull(service, "service");
    return new GrpcHealthCheck(
        channel,
        service,
        channel.authority() + (service.isEmpty() ? "" : " service '" + service + "'"));
  }

  @Override
  public CheckOutcome run(Duration timeout) {
    try {
      HealthCheckResponse response =
          HealthGrpc.newBlockingStub(channel)
              .withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS)
              .check(HealthCheckRequest.newBuilder().setService(service).build());
      HealthCheckResponse.ServingStatus status = response.getStatus();
      return new CheckOutcome(
          status == HealthCheckResponse.ServingStatus.SERVING, display + ": " + status);
    } catch (StatusRuntimeException e) {
      Status status = e.getStatus();
      return CheckOutcome.fail(
          display
              + ": "
              + status.getCode()
              + (status.getDescription() == null ? "" : " " + status.getDescription()));
    }
  }
}
