package dev.vitals.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.vitals.api.health.v1.HealthCheckRequest;
import dev.vitals.api.health.v1.HealthCheckResponse;
import dev.vitals.api.health.v1.HealthGrpc;
import dev.vitals.common.HealthStatus;
import dev.vitals.server.status.StatusRegistry;
import dev.vitals.testing.GrpcCleanupExtension;
import dev.vitals.testing.server.StartedServers;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class HealthClientTest {
  @RegisterExtension final GrpcCleanupExtension cleanup = new GrpcCleanupExtension();

  private StatusRegistry registry;
  private HealthClient client;
  private StartedServers.Started started;

  @BeforeEach
  void start() {
    started = StartedServers.inProcess(cleanup);
    registry = started.server().registry();
    client = HealthClient.create(started.channel());
  }

  @Test
  void check_wholeServer_returnsServing() throws Exception {
    assertThat(client.check("")).isEqualTo(ServingStatus.SERVING);
  }

  @Test
  void check_registeredServices_returnTheirStatus() throws Exception {
    registry.set("db", HealthStatus.NOT_SERVING);
    registry.set("cache", HealthStatus.UNKNOWN);
    assertThat(client.check("db")).isEqualTo(ServingStatus.NOT_SERVING);
    assertThat(client.check("cache")).isEqualTo(ServingStatus.UNKNOWN);
  }

  @Test
  void check_unknownService_throwsNotFoundWithDescription() {
    assertThatThrownBy(() -> client.check("nope"))
        .isInstanceOfSatisfying(
            HealthRpcException.class,
            e -> {
              assertThat(e.code()).isEqualTo(Status.Code.NOT_FOUND);
              assertThat(e.description()).isEqualTo("unknown service 'nope'");
              assertThat(e.status().getCode()).isEqualTo(Status.Code.NOT_FOUND);
              assertThat(e).hasMessage("NOT_FOUND: unknown service 'nope'");
            });
  }

  @Test
  void check_noServer_throwsUnavailable() {
    ManagedChannel nowhere =
        cleanup.register(
            InProcessChannelBuilder.forName(InProcessServerBuilder.generateName()).build());
    assertThatThrownBy(() -> HealthClient.create(nowhere).check(""))
        .isInstanceOfSatisfying(
            HealthRpcException.class, e -> assertThat(e.code()).isEqualTo(Status.Code.UNAVAILABLE));
  }

  @Test
  void check_serverNeverAnswers_throwsDeadlineExceeded() throws IOException {
    String name = InProcessServerBuilder.generateName();
    cleanup.register(
        InProcessServerBuilder.forName(name)
            .addService(
                new HealthGrpc.HealthImplBase() {
                  @Override
                  public void check(
                      HealthCheckRequest request, StreamObserver<HealthCheckResponse> out) {
                    // Never answers: only the client's deadline ends the call.
                  }
                })
            .build()
            .start());
    ManagedChannel channel = cleanup.register(InProcessChannelBuilder.forName(name).build());
    HealthClient impatient = HealthClient.create(channel).withDeadline(Duration.ofMillis(200));
    assertThatThrownBy(() -> impatient.check(""))
        .isInstanceOfSatisfying(
            HealthRpcException.class,
            e -> assertThat(e.code()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
  }

  @Test
  void checkLegacy_usesOriginalApi() throws Exception {
    registry.set("db", HealthStatus.NOT_SERVING);
    assertThat(client.checkLegacy("db")).isEqualTo(ServingStatus.NOT_SERVING);
    assertThat(client.checkLegacy("")).isEqualTo(ServingStatus.SERVING);
  }

  @Test
  void list_returnsEveryServiceSortedByName() throws Exception {
    registry.set("zeta", HealthStatus.NOT_SERVING);
    registry.set("alpha", HealthStatus.UNKNOWN);
    Map<String, ServingStatus> statuses = client.list();
    assertThat(statuses)
        .containsExactly(
            Map.entry("", ServingStatus.SERVING),
            Map.entry("alpha", ServingStatus.UNKNOWN),
            Map.entry("zeta", ServingStatus.NOT_SERVING));
    assertThatThrownBy(() -> statuses.put("x", ServingStatus.SERVING))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void watch_seesCurrentStatusThenEveryChange() throws Exception {
    registry.set("db", HealthStatus.NOT_SERVING);
    RecordingListener listener = new RecordingListener();
    HealthWatch watch = client.watch("db", listener);
    assertThat(listener.next()).isEqualTo(ServingStatus.NOT_SERVING);
    registry.set("db", HealthStatus.SERVING);
    assertThat(listener.next()).isEqualTo(ServingStatus.SERVING);
    registry.clear("db");
    assertThat(listener.next()).isEqualTo(ServingStatus.SERVICE_UNKNOWN);
    watch.close();
    await().until(() -> registry.watcherCount() == 0);
  }

  @Test
  void watch_cancel_endsTheServerStreamWithoutErrorToListener() throws Exception {
    RecordingListener listener = new RecordingListener();
    HealthWatch watch = client.watch("", listener);
    assertThat(listener.next()).isEqualTo(ServingStatus.SERVING);
    await().until(() -> registry.watcherCount() == 1);

    watch.cancel();
    watch.cancel();

    await().until(() -> registry.watcherCount() == 0);
    registry.set("", HealthStatus.NOT_SERVING);
    assertThat(listener.ended()).isFalse();
    assertThat(listener.hasUntakenStatuses()).isFalse();
  }

  @Test
  void watch_serverStops_reportsUnavailable() throws Exception {
    RecordingListener listener = new RecordingListener();
    client.watch("", listener);
    assertThat(listener.next()).isEqualTo(ServingStatus.SERVING);
    started.server().close();
    HealthRpcException error = listener.awaitError();
    assertThat(error.code()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(error.description()).isEqualTo("vitals server is shutting down");
  }

  @Test
  void withDeadline_rejectsZeroAndNegative() {
    assertThatThrownBy(() -> client.withDeadline(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> client.withDeadline(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(client.withDeadline(Duration.ofSeconds(2)).deadline()).hasSeconds(2);
    assertThat(client.deadline()).hasSeconds(5);
  }

  @Test
  void nullArguments_areRejectedByName() {
    assertThatThrownBy(() -> HealthClient.create(null)).hasMessage("channel");
    assertThatThrownBy(() -> client.check(null)).hasMessage("service");
    assertThatThrownBy(() -> client.watch("", null)).hasMessage("listener");
  }
}
