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
    // The probe profiles are always registered.
    assertThat(statuses)
        .extracting(ServiceStatus::service)
        .containsExactly("", "db", "liveness", "readiness", "startup");
    assertThat(statuses.get(1).status()).isEqualTo(ServingStatus.NOT_SERVING);
    assertThat(statuses.get(1).lastChanged()).isAfter(before);
  }

  @Test
  void checks_withoutChecksFile_reportsTheProbeProfiles() throws Exception {
    ChecksReport report = admin.checks();

    assertThat(report.checks()).isEmpty();
    assertThat(report.services())
        .extracting(ChecksReport.Service::name)
        .containsExactly("liveness", "startup");
    assertThat(report.service("startup").status()).isEqualTo(ServingStatus.SERVING);
    assertThat(report.service("nope")).isNull();
  }

  @Test
  void setWithTtl_derivedService_isAnOverrideUntilThen() throws Exception {
    admin.set("startup", ServingStatus.NOT_SERVING, Duration.ofMinutes(30));

    assertThat(health.check("startup")).isEqualTo(ServingStatus.NOT_SERVING);
    ChecksReport.Override override = admin.checks().service("startup").override();
    assertThat(override.status()).isEqualTo(ServingStatus.NOT_SERVING);
    assertThat(Duration.between(override.since(), override.until()))
        .isEqualTo(Duration.ofMinutes(30));
    admin.clear("startup");
    assertThat(health.check("startup")).isEqualTo(ServingStatus.SERVING);
  }

  @Test
  void setWithTtl_manualServiceOrBadTtl_isRefused() {
    assertThatThrownBy(() -> admin.set("db", ServingStatus.SERVING, Duration.ofMinutes(1)))
        .isInstanceOfSatisfying(
            HealthRpcException.class,
            e -> assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    assertThatThrownBy(() -> admin.set("startup", ServingStatus.SERVING, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("TTL must be positive");
  }

  @Test
  void heartbeat_noSuchCheck_isNotFound() {
    assertThatThrownBy(() -> admin.heartbeat("jobs"))
        .isInstanceOfSatisfying(
            HealthRpcException.class, e -> assertThat(e.code()).isEqualTo(Status.Code.NOT_FOUND));
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
