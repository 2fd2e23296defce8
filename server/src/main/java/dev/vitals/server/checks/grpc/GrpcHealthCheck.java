package dev.vitals.server.checks.grpc;

import static java.util.Objects.requireNonNull;

import dev.vitals.api.health.v1.HealthCheckRequest;
import dev.vitals.api.health.v1.HealthCheckResponse;
import dev.vitals.api.health.v1.HealthGrpc;
import dev.vitals.server.checks.Check;
import dev.vitals.server.checks.CheckOutcome;
import dev.vitals.server.checks.CheckTarget;
import io.grpc.Channel;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * {@code grpc}: one upstream's standard {@code grpc.health.v1.Health/Check} for a service must
 * answer SERVING within the timeout (the call's deadline).
 *
 * @see <a href="https://github.com/grpc/grpc/blob/master/doc/health-checking.md">gRPC Health
 *     Checking Protocol</a>
 */
public final class GrpcHealthCheck implements Check {
  private final Channel channel;
  private final @Nullable ManagedChannel owned;
  private final String service;
  private final String display;

  private GrpcHealthCheck(
      Channel channel, @Nullable ManagedChannel owned, String service, String display) {
    this.channel = channel;
    this.owned = owned;
    this.service = service;
    this.display = display;
  }

  /**
   * A check over its own channel to {@code target.address()} (a gRPC target such as {@code
   * dns:///api:8001} or {@code api:8001}), plaintext unless {@code tls} (then the JDK's trusted CAs
   * verify the upstream), with the authority overridden when one is given. The channel is closed by
   * {@link #close()}.
   *
   * @throws IllegalArgumentException if the address is not a target gRPC can use
   */
  public static GrpcHealthCheck forTarget(CheckTarget.Grpc target) {
    requireNonNull(target, "target");
    ChannelCredentials credentials =
        target.tls() ? TlsChannelCredentials.create() : InsecureChannelCredentials.create();
    ManagedChannelBuilder<?> builder =
        Grpc.newChannelBuilder(target.address(), credentials).userAgent("vitals-checks");
    if (target.authority() != null) {
      builder.overrideAuthority(target.authority());
    }
    ManagedChannel channel = builder.build();
    return new GrpcHealthCheck(channel, channel, target.service(), target.display());
  }

  /**
   * A check over {@code channel}, which the caller owns and closes (tests use an in-process one).
   */
  public static GrpcHealthCheck forChannel(Channel channel, String service) {
    requireNonNull(channel, "channel");
    requireNonNull(service, "service");
    return new GrpcHealthCheck(
        channel,
        null,
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

  @Override
  public void close() {
    if (owned != null) {
      owned.shutdownNow();
    }
  }
}
