package dev.vitals.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vitals.api.admin.v1.SetStatusRequest;
import dev.vitals.api.admin.v1.StatusAdminGrpc;
import dev.vitals.client.AdminClient;
import dev.vitals.client.HealthClient;
import dev.vitals.client.HealthRpcException;
import dev.vitals.client.HealthWatch;
import dev.vitals.client.ServiceStatus;
import dev.vitals.client.ServingStatus;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/** The admin API of the real image, and what health clients see of its changes. */
@Testcontainers
class AdminIT {
  private static final String TOKEN = "it-admin-token-7f3c9a";

  @Container
  static final VitalsServerContainer server =
      new VitalsServerContainer().withAdminToken(TOKEN).withServices("db=SERVING");

  static ManagedChannel channel;
  static HealthClient health;
  static AdminClient admin;

  @BeforeAll
  static void connect() {
    channel = server.newChannel();
    health = HealthClient.create(channel);
    admin = AdminClient.create(channel, TOKEN);
  }

  @AfterAll
  static void disconnect() throws InterruptedException {
    VitalsServerContainer.shutdown(channel);
  }

  @Test
  void setAndClear_seenByEveryOpenWatcher() throws Exception {
    StatusQueue first = new StatusQueue();
    StatusQueue second = new StatusQueue();
    try (HealthWatch a = health.watch("orders", first);
        HealthWatch b = health.watch("orders", second)) {
      assertThat(first.nextStatus()).isEqualTo(ServingStatus.SERVICE_UNKNOWN);
      assertThat(second.nextStatus()).isEqualTo(ServingStatus.SERVICE_UNKNOWN);

      admin.set("orders", ServingStatus.SERVING);
      assertThat(first.nextStatus()).isEqualTo(ServingStatus.SERVING);
      assertThat(second.nextStatus()).isEqualTo(ServingStatus.SERVING);
      assertThat(health.check("orders")).isEqualTo(ServingStatus.SERVING);

      admin.set("orders", ServingStatus.NOT_SERVING);
      assertThat(first.nextStatus()).isEqualTo(ServingStatus.NOT_SERVING);
      assertThat(second.nextStatus()).isEqualTo(ServingStatus.NOT_SERVING);

      admin.clear("orders");
      assertThat(first.nextStatus()).isEqualTo(ServingStatus.SERVICE_UNKNOWN);
      assertThat(second.nextStatus()).isEqualTo(ServingStatus.SERVICE_UNKNOWN);
    }
    assertThatThrownBy(() -> health.check("orders"))
        .isInstanceOfSatisfying(
            HealthRpcException.class, e -> assertThat(e.code()).isEqualTo(Status.Code.NOT_FOUND));
  }

  @Test
  void set_seenByListAndAdminList() throws HealthRpcException {
    admin.set("payments", ServingStatus.NOT_SERVING);
    assertThat(health.list()).containsEntry("payments", ServingStatus.NOT_SERVING);
    assertThat(admin.list())
        .extracting(ServiceStatus::service, ServiceStatus::status)
        .contains(org.assertj.core.groups.Tuple.tuple("payments", ServingStatus.NOT_SERVING));
  }

  @Test
  void set_withoutAuthorization_failsUnauthenticated() throws HealthRpcException {
    // The generated stub, not AdminClient: AdminClient always sends a token.
    StatusAdminGrpc.StatusAdminBlockingStub stub =
        StatusAdminGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS);
    SetStatusRequest request =
        SetStatusRequest.newBuilder()
            .setService("db")
            .setStatus(dev.vitals.api.admin.v1.ServingStatus.NOT_SERVING)
            .build();
    assertThatThrownBy(() -> stub.setStatus(request))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
              assertThat(e.getStatus().getDescription()).contains("missing authorization");
            });
    assertThat(health.check("db")).isEqualTo(ServingStatus.SERVING);
  }

  @Test
  void set_wrongToken_failsUnauthenticatedAndChangesNothing() throws HealthRpcException {
    AdminClient intruder = AdminClient.create(channel, "not-the-token");
    assertThatThrownBy(() -> intruder.set("db", ServingStatus.NOT_SERVING))
        .isInstanceOfSatisfying(
            HealthRpcException.class,
            e -> {
              assertThat(e.code()).isEqualTo(Status.Code.UNAUTHENTICATED);
              assertThat(e.description()).contains("invalid admin token");
            });
    assertThatThrownBy(intruder::list)
        .isInstanceOfSatisfying(
            HealthRpcException.class,
            e -> assertThat(e.code()).isEqualTo(Status.Code.UNAUTHENTICATED));
    assertThat(health.check("db")).isEqualTo(ServingStatus.SERVING);
  }
}
