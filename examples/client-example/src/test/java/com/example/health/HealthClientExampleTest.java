package com.example.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vitals.client.HealthClient;
import dev.vitals.client.HealthRpcException;
import dev.vitals.client.ServingStatus;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** vitals-client against grpc-java's reference health service, in process. */
class HealthClientExampleTest {
  private final HealthStatusManager health = new HealthStatusManager();
  private Server server;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    String name = InProcessServerBuilder.generateName();
    server =
        InProcessServerBuilder.forName(name)
            .directExecutor()
            .addService(health.getHealthService())
            .build()
            .start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
  }

  @AfterEach
  void stop() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  @Test
  void check_statusSetOnTheServer_isWhatTheClientSees() throws Exception {
    health.setStatus("db", HealthCheckResponse.ServingStatus.NOT_SERVING);
    HealthClient client = HealthClient.create(channel).withDeadline(Duration.ofSeconds(5));

    assertThat(client.check("")).isEqualTo(ServingStatus.SERVING);
    assertThat(client.check("db")).isEqualTo(ServingStatus.NOT_SERVING);
  }

  @Test
  void check_unknownService_keepsTheGrpcStatus() {
    HealthClient client = HealthClient.create(channel);

    assertThatThrownBy(() -> client.check("nope"))
        .isInstanceOfSatisfying(
            HealthRpcException.class,
            e -> assertThat(e.code()).isEqualTo(Status.Code.NOT_FOUND));
  }
}
