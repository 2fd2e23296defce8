package dev.vitals.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vitals.common.HealthStatus;
import dev.vitals.server.ServerConfig;
import dev.vitals.server.VitalsServer;
import dev.vitals.testing.GrpcCleanupExtension;
import dev.vitals.testing.server.StartedServers;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AdminClientTest {
  @RegisterExtension final GrpcCleanupExtension cleanup = new GrpcCleanupExtension();

  private StartedServers.Started started;
  private AdminClient admin;
  private HealthClient health;

  @BeforeEach
  void start() {
    started = StartedServers.inProcess(cleanup);
    admin = AdminClient.create(started.channel(), StartedServers.TOKEN);
    health = HealthClient.create(started.channel());
  }

  @Test
  void set_changesWhatCheckReports() throws Exception {
    admin.set("db", ServingStatus.NOT_SERVING);
    assertThat(health.check("db")).isEqualTo(ServingStatus.NOT_SERVING);
    admin.set("db", ServingStatus.SERVING);
    assertThat(health.check("db")).isEqualTo(ServingStatus.SERVING);
  }

  @Test
  void clear_makesCheckAnswerNotFound() throws Exception {
    admin.set("db", ServingStatus.SERVING);
    admin.clear("db");
    assertThatThrownBy(() -> health.check("db"))
        .isInstanceOfSatisfying(
            HealthRpcException.class, e -> assertThat(e.code()).isEqualTo(Status.Code.NOT_FOUND));
  }

  @Test
  void list_returnsStatusesWithWhenTheyChanged() throws Exception {
    Instant before = Instant.now().minusSeconds(1);
    admin.set("db", ServingStatus.NOT_SERVING);
    List<ServiceStatus> statuses = admin.list();
    assertThat(statuses).extracting(ServiceStatus::service).containsExactly("", "db");
    assertThat(statuses.get(1).status()).isEqualTo(ServingStatus.NOT_SERVING);
    assertThat(statuses.get(1).lastChanged()).isAfter(before);
  }

  @Test
  void wrongToken_isUnauthenticated() {
    AdminClient intruder = AdminClient.create(started.channel(), "not-the-token");
    assertThatThrownBy(() -> intruder.set("db", ServingStatus.SERVING))
        .isInstanceOfSatisfying(
            HealthRpcException.class,
            e -> {
              assertThat(e.code()).isEqualTo(Status.Code.UNAUTHENTICATED);
              assertThat(e.description()).isEqualTo("invalid admin token");
            });
  }

  @Test
  void set_blankServiceName_isInvalidArgument() {
    assertThatThrownBy(() -> admin.set("  ", ServingStatus.SERVING))
        .isInstanceOfSatisfying(
            HealthRpcException.class,
            e -> assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT));
  }

  @Test
  void set_serviceUnknown_isRejectedLocally() {
    assertThatThrownBy(() -> admin.set("db", ServingStatus.SERVICE_UNKNOWN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("clear");
  }

  @Test
  void serverWithoutToken_isUnimplemented() throws Exception {
    String name = InProcessServerBuilder.generateName();
    cleanup
        .register(
            VitalsServer.create(
                ServerConfig.builder()
                    .inProcess(name)
                    .drainDelay(Duration.ZERO)
                    .service("db", HealthStatus.SERVING)
                    .build()))
        .start();
    ManagedChannel channel = cleanup.register(InProcessChannelBuilder.forName(name).build());
    assertThatThrownBy(() -> AdminClient.create(channel, "x").list())
        .isInstanceOfSatisfying(
            HealthRpcException.class,
            e -> assertThat(e.code()).isEqualTo(Status.Code.UNIMPLEMENTED));
  }

  @Test
  void create_blankOrNonAsciiToken_isRejected() {
    assertThatThrownBy(() -> AdminClient.create(started.channel(), " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("admin token is blank");
    assertThatThrownBy(() -> AdminClient.create(started.channel(), "tök"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
