package dev.vitals.server.grpc;

import static dev.vitals.server.grpc.CallAssertions.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vitals.api.admin.v1.ClearStatusRequest;
import dev.vitals.api.admin.v1.ListStatusesRequest;
import dev.vitals.api.admin.v1.ListStatusesResponse;
import dev.vitals.api.admin.v1.ServingStatus;
import dev.vitals.api.admin.v1.SetStatusRequest;
import dev.vitals.api.admin.v1.SetStatusResponse;
import dev.vitals.api.admin.v1.StatusAdminGrpc;
import dev.vitals.common.AdminAuthorization;
import dev.vitals.common.HealthStatus;
import dev.vitals.server.ServerConfigBuilder;
import dev.vitals.server.TestServers;
import dev.vitals.server.VitalsServer;
import dev.vitals.testing.GrpcCleanupExtension;
import io.grpc.CallCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StatusAdminServiceTest {
  private static final String TOKEN = "s3cret-admin-token";
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

  @RegisterExtension final GrpcCleanupExtension cleanup = new GrpcCleanupExtension();

  private VitalsServer server;
  private ManagedChannel channel;

  private void start(ServerConfigBuilder builder) {
    server = VitalsServer.create(builder.clock(Clock.fixed(NOW, ZoneOffset.UTC)).build());
    channel = TestServers.start(cleanup, server);
  }

  private StatusAdminGrpc.StatusAdminBlockingStub admin(String authorization) {
    StatusAdminGrpc.StatusAdminBlockingStub stub =
        StatusAdminGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS);
    return authorization == null ? stub : stub.withCallCredentials(header(authorization));
  }

  private static CallCredentials header(String authorization) {
    return new CallCredentials() {
      @Override
      public void applyRequestMetadata(
          RequestInfo info, Executor executor, MetadataApplier applier) {
        Metadata headers = new Metadata();
        headers.put(AdminAuthorization.KEY, authorization);
        applier.apply(headers);
      }
    };
  }

  private static SetStatusRequest set(String service, ServingStatus status) {
    return SetStatusRequest.newBuilder().setService(service).setStatus(status).build();
  }

  @Test
  void setStatus_noTokenConfigured_isUnimplemented() {
    start(TestServers.inProcess());
    assertStatus(
        () -> admin("Bearer " + TOKEN).setStatus(set("db", ServingStatus.SERVING)),
        Status.Code.UNIMPLEMENTED,
        "vitals.admin.v1.StatusAdmin");
    assertThat(server.registry().get("db")).isEmpty();
  }

  @Test
  void setStatus_missingToken_isUnauthenticated() {
    start(TestServers.inProcess().adminToken(TOKEN));
    assertStatus(
        () -> admin(null).setStatus(set("db", ServingStatus.SERVING)),
        Status.Code.UNAUTHENTICATED,
        "missing authorization");
    assertThat(server.registry().get("db")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Bearer wrong",
        "Bearer " + TOKEN + "x",
        "Bearer s3cret",
        "Basic abc",
        TOKEN,
        "Bearer ",
        "bearer",
        "Bearer \u00e9"
      })
  void setStatus_wrongOrMalformedToken_isUnauthenticated(String authorization) {
    start(TestServers.inProcess().adminToken(TOKEN));
    assertThatThrownBy(() -> admin(authorization).setStatus(set("db", ServingStatus.SERVING)))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
              assertThat(e.getStatus().getDescription()).doesNotContain(TOKEN);
            });
    assertThat(server.registry().get("db")).isEmpty();
  }

  @Test
  void setStatus_twoAuthorizationValues_isUnauthenticatedEvenIfOneIsRight() {
    start(TestServers.inProcess().adminToken(TOKEN).service("db", HealthStatus.SERVING));
    Metadata headers = new Metadata();
    headers.put(AdminAuthorization.KEY, "Bearer wrong");
    headers.put(AdminAuthorization.KEY, "Bearer " + TOKEN);
    assertStatus(
        () ->
            StatusAdminGrpc.newBlockingStub(channel)
                .withInterceptors(io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(headers))
                .withDeadlineAfter(5, java.util.concurrent.TimeUnit.SECONDS)
                .setStatus(set("db", ServingStatus.NOT_SERVING)),
        Status.Code.UNAUTHENTICATED,
        "more than one authorization");
    assertThat(server.registry().get("db")).contains(HealthStatus.SERVING);
  }

  @Test
  void setStatus_rightToken_changesEverySurface() {
    start(TestServers.inProcess().adminToken(TOKEN));
    SetStatusResponse first = admin("Bearer " + TOKEN).setStatus(set("db", ServingStatus.SERVING));
    assertThat(first.hasPrevious()).isFalse();
    SetStatusResponse second =
        admin("bearer " + TOKEN).setStatus(set("db", ServingStatus.NOT_SERVING));
    assertThat(second.getPrevious()).isEqualTo(ServingStatus.SERVING);
    assertThat(server.registry().get("db")).contains(HealthStatus.NOT_SERVING);
  }

  @Test
  void setStatus_wholeServer_isAllowed() {
    start(TestServers.inProcess().adminToken(TOKEN));
    SetStatusResponse response =
        admin("Bearer " + TOKEN).setStatus(set("", ServingStatus.NOT_SERVING));
    assertThat(response.getPrevious()).isEqualTo(ServingStatus.SERVING);
    assertThat(server.registry().get("")).contains(HealthStatus.NOT_SERVING);
  }

  @ParameterizedTest
  @ValueSource(strings = {" ", "\t", "bad\nname", "nul\u0000", "del\u007f"})
  void setStatus_invalidName_isInvalidArgument(String name) {
    start(TestServers.inProcess().adminToken(TOKEN));
    assertStatus(
        () -> admin("Bearer " + TOKEN).setStatus(set(name, ServingStatus.SERVING)),
        Status.Code.INVALID_ARGUMENT,
        "service name");
    assertThat(server.registry().states()).containsOnlyKeys("", "liveness", "readiness", "startup");
  }

  @Test
  void setStatus_nameOver1024Bytes_isInvalidArgument() {
    start(TestServers.inProcess().adminToken(TOKEN));
    // 512 two-byte characters is 1,024 bytes: allowed; one more byte is not.
    String longest = "\u00e9".repeat(512);
    admin("Bearer " + TOKEN).setStatus(set(longest, ServingStatus.SERVING));
    assertThat(server.registry().get(longest)).contains(HealthStatus.SERVING);
    assertStatus(
        () -> admin("Bearer " + TOKEN).setStatus(set(longest + "x", ServingStatus.SERVING)),
        Status.Code.INVALID_ARGUMENT,
        "longer than 1024 bytes");
  }

  @Test
  void setStatus_unknownEnumNumber_isInvalidArgument() {
    start(TestServers.inProcess().adminToken(TOKEN));
    SetStatusRequest request =
        SetStatusRequest.newBuilder().setService("db").setStatusValue(7).build();
    assertStatus(
        () -> admin("Bearer " + TOKEN).setStatus(request),
        Status.Code.INVALID_ARGUMENT,
        "unknown status number 7");
  }

  @Test
  void setStatus_whileDraining_isUnavailable() {
    start(TestServers.inProcess().adminToken(TOKEN));
    server.registry().drain();
    assertStatus(
        () -> admin("Bearer " + TOKEN).setStatus(set("db", ServingStatus.SERVING)),
        Status.Code.UNAVAILABLE,
        "draining");
  }

  @Test
  void clearStatus_reportsWhetherItExisted() {
    start(TestServers.inProcess().adminToken(TOKEN).service("db", HealthStatus.SERVING));
    ClearStatusRequest db = ClearStatusRequest.newBuilder().setService("db").build();
    assertThat(admin("Bearer " + TOKEN).clearStatus(db).getExisted()).isTrue();
    assertThat(admin("Bearer " + TOKEN).clearStatus(db).getExisted()).isFalse();
    assertThat(server.registry().get("db")).isEmpty();
  }

  @Test
  void clearStatus_wholeServer_isInvalidArgument() {
    start(TestServers.inProcess().adminToken(TOKEN));
    assertStatus(
        () -> admin("Bearer " + TOKEN).clearStatus(ClearStatusRequest.getDefaultInstance()),
        Status.Code.INVALID_ARGUMENT,
        "cannot be cleared");
  }

  @Test
  void clearStatus_wrongToken_isUnauthenticated() {
    start(TestServers.inProcess().adminToken(TOKEN).service("db", HealthStatus.SERVING));
    assertStatus(
        () ->
            admin("Bearer nope")
                .clearStatus(ClearStatusRequest.newBuilder().setService("db").build()),
        Status.Code.UNAUTHENTICATED,
        "invalid admin token");
    assertThat(server.registry().get("db")).contains(HealthStatus.SERVING);
  }

  @Test
  void listStatuses_returnsEveryServiceWithLastChanged() {
    start(TestServers.inProcess().adminToken(TOKEN).service("db", HealthStatus.NOT_SERVING));
    ListStatusesResponse list =
        admin("Bearer " + TOKEN).listStatuses(ListStatusesRequest.getDefaultInstance());
    assertThat(list.getStatusesList())
        .extracting(s -> s.getService())
        .containsExactly("", "db", "liveness", "readiness", "startup");
    assertThat(list.getStatuses(1).getStatus()).isEqualTo(ServingStatus.NOT_SERVING);
    assertThat(list.getStatuses(1).getLastChanged().getSeconds()).isEqualTo(NOW.getEpochSecond());
  }

  @Test
  void listStatuses_wrongToken_isUnauthenticated() {
    start(TestServers.inProcess().adminToken(TOKEN));
    assertStatus(
        () -> admin("Bearer x").listStatuses(ListStatusesRequest.getDefaultInstance()),
        Status.Code.UNAUTHENTICATED,
        "invalid admin token");
  }
}
