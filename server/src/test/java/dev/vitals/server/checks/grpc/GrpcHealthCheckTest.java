package dev.vitals.server.checks.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.server.checks.CheckOutcome;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GrpcHealthCheckTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final HealthStatusManager health = new HealthStatusManager();
  private final Deque<AutoCloseable> cleanup = new ArrayDeque<>();

  @AfterEach
  void close() throws Exception {
    while (!cleanup.isEmpty()) {
      cleanup.pop().close();
    }
  }

  private Server register(Server server) {
    cleanup.push(
        () -> {
          server.shutdownNow();
          assertThat(server.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        });
    return server;
  }

  private ManagedChannel inProcess() throws Exception {
    String name = InProcessServerBuilder.generateName();
    register(
        InProcessServerBuilder.forName(name)
            .directExecutor()
            .addService(health.getHealthService())
            .build()
            .start());
    ManagedChannel channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    cleanup.push(
        () -> {
          channel.shutdownNow();
          assertThat(channel.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        });
    return channel;
  }

  @Test
  void run_followsTheUpstreamAsItIsFlipped() throws Exception {
    GrpcHealthCheck check = GrpcHealthCheck.forChannel(inProcess(), "orders");

    health.setStatus("orders", ServingStatus.SERVING);
    CheckOutcome serving = check.run(TIMEOUT);
    health.setStatus("orders", ServingStatus.NOT_SERVING);
    CheckOutcome notServing = check.run(TIMEOUT);

    assertThat(serving.passed()).isTrue();
    assertThat(serving.output()).endsWith(" service 'orders': SERVING");
    assertThat(notServing.passed()).isFalse();
    assertThat(notServing.output()).endsWith(" service 'orders': NOT_SERVING");
  }

  @Test
  void run_serviceUnknownUpstream_failsWithTheGrpcCode() throws Exception {
    CheckOutcome outcome = GrpcHealthCheck.forChannel(inProcess(), "nope").run(TIMEOUT);

    assertThat(outcome.passed()).isFalse();
    assertThat(outcome.output()).contains("service 'nope': NOT_FOUND");
  }
}
