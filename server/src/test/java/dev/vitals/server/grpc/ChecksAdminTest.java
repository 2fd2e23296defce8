package dev.vitals.server.grpc;

import static dev.vitals.server.grpc.CallAssertions.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Duration;
import dev.vitals.api.admin.v1.CheckInfo;
import dev.vitals.api.admin.v1.CheckState;
import dev.vitals.api.admin.v1.ClearStatusRequest;
import dev.vitals.api.admin.v1.DerivedService;
import dev.vitals.api.admin.v1.HeartbeatRequest;
import dev.vitals.api.admin.v1.ListChecksRequest;
import dev.vitals.api.admin.v1.ListChecksResponse;
import dev.vitals.api.admin.v1.ServingStatus;
import dev.vitals.api.admin.v1.SetStatusRequest;
import dev.vitals.api.admin.v1.StatusAdminGrpc;
import dev.vitals.common.HealthStatus;
import dev.vitals.server.TestServers;
import dev.vitals.server.VitalsServer;
import dev.vitals.server.checks.ChecksConfigParser;
import dev.vitals.testing.BearerCredentials;
import dev.vitals.testing.GrpcCleanupExtension;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The admin API's checks RPCs and overrides, on an in-process server with the real engine. */
@Execution(ExecutionMode.CONCURRENT)
class ChecksAdminTest {
  private static final String TOKEN = "s3cret-admin-token";

  @RegisterExtension final GrpcCleanupExtension cleanup = new GrpcCleanupExtension();

  private final ServerSocket upstream;
  private VitalsServer server;
  private ManagedChannel channel;

  ChecksAdminTest() throws IOException {
    upstream = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
  }

  @BeforeEach
  void start() throws Exception {
    String yaml =
        "checks:\n"
            + "  db:\n"
            + "    tcp: { address: \"127.0.0.1:"
            + upstream.getLocalPort()
            + "\" }\n"
            + "    interval: 100ms\n"
            + "    jitter: 0%\n"
            + "  jobs:\n"
            + "    ttl: 1h\n"
            + "    interval: 100ms\n"
            + "    jitter: 0%\n"
            + "services:\n"
            + "  orders: { checks: [db, jobs] }\n";
    server =
        VitalsServer.create(
            TestServers.inProcess()
                .adminToken(TOKEN)
                .service("manual", HealthStatus.SERVING)
                .checks(ChecksConfigParser.parse("vitals.yaml", new StringReader(yaml)))
                .build());
    channel = TestServers.start(cleanup, server);
    await()
        .atMost(10, TimeUnit.SECONDS)
        .until(() -> server.registry().statusOrNull("orders") == HealthStatus.SERVING);
  }

  @AfterEach
  void closeUpstream() throws IOException {
    upstream.close();
  }

  private StatusAdminGrpc.StatusAdminBlockingStub admin() {
    return StatusAdminGrpc.newBlockingStub(channel)
        .withDeadlineAfter(5, TimeUnit.SECONDS)
        .withCallCredentials(new BearerCredentials(TOKEN));
  }

  private static DerivedService service(ListChecksResponse list, String name) {
    return list.getServicesList().stream()
        .filter(s -> s.getService().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static SetStatusRequest set(String service, ServingStatus status, long ttlSeconds) {
    SetStatusRequest.Builder request =
        SetStatusRequest.newBuilder().setService(service).setStatus(status);
    if (ttlSeconds != 0) {
      request.setTtl(Duration.newBuilder().setSeconds(ttlSeconds));
    }
    return request.build();
  }

  @Test
  void listChecks_eachCheckAndDerivedServiceWithReasons() {
    ListChecksResponse list = admin().listChecks(ListChecksRequest.getDefaultInstance());

    assertThat(list.getChecksList()).extracting(CheckInfo::getName).containsExactly("db", "jobs");
    CheckInfo db = list.getChecks(0);
    assertThat(db.getType()).isEqualTo("tcp");
    assertThat(db.getTarget()).contains("127.0.0.1:" + upstream.getLocalPort());
    assertThat(db.getState()).isEqualTo(CheckState.CHECK_STATE_PASSING);
    assertThat(db.getLast().getPassed()).isTrue();
    assertThat(db.getLast().hasLatency()).isTrue();
    assertThat(db.getConsecutivePasses()).isPositive();
    assertThat(list.getServicesList())
        .extracting(DerivedService::getService)
        .containsExactly("orders", "", "liveness", "startup");
    DerivedService orders = service(list, "orders");
    assertThat(orders.getStatus()).isEqualTo(ServingStatus.SERVING);
    assertThat(orders.getChecksList()).containsExactly("db", "jobs");
    assertThat(orders.getFlapping()).isFalse();
    assertThat(orders.getHistory(0).hasFrom()).isFalse();
    assertThat(orders.getHistoryList())
        .last()
        .satisfies(t -> assertThat(t.getTo()).isEqualTo(ServingStatus.SERVING));
    assertThat(orders.hasOverride()).isFalse();
  }

  @Test
  void setStatus_derivedServiceWithTtl_isAnOverrideUntilCleared() {
    admin().setStatus(set("orders", ServingStatus.NOT_SERVING, 1800));

    assertThat(server.registry().statusOrNull("orders")).isEqualTo(HealthStatus.NOT_SERVING);
    DerivedService orders =
        service(admin().listChecks(ListChecksRequest.getDefaultInstance()), "orders");
    assertThat(orders.getStatus()).isEqualTo(ServingStatus.NOT_SERVING);
    assertThat(orders.getOverride().getStatus()).isEqualTo(ServingStatus.NOT_SERVING);
    assertThat(
            orders.getOverride().getUntil().getSeconds()
                - orders.getOverride().getSince().getSeconds())
        .isEqualTo(1800);
    assertThat(orders.getHistoryList())
        .last()
        .satisfies(t -> assertThat(t.getReason()).isEqualTo("override set"));

    assertThat(
            admin()
                .clearStatus(ClearStatusRequest.newBuilder().setService("orders").build())
                .getExisted())
        .isTrue();
    assertThat(server.registry().statusOrNull("orders")).isEqualTo(HealthStatus.SERVING);
    assertThat(
            service(admin().listChecks(ListChecksRequest.getDefaultInstance()), "orders")
                .hasOverride())
        .isFalse();
  }

  @Test
  void setStatus_wholeServerDerived_readinessFollowsTheOverride() {
    admin().setStatus(set("", ServingStatus.NOT_SERVING, 0));

    assertThat(server.registry().statusOrNull("readiness")).isEqualTo(HealthStatus.NOT_SERVING);
    assertThat(
            service(admin().listChecks(ListChecksRequest.getDefaultInstance()), "")
                .getOverride()
                .hasUntil())
        .isFalse();
  }

  @ParameterizedTest
  @CsvSource({
    "manual, 60, INVALID_ARGUMENT, a TTL is for services derived from checks",
    "orders, -5, INVALID_ARGUMENT, the TTL must be positive",
    "readiness, 0, FAILED_PRECONDITION, readiness follows",
  })
  void setStatus_badRequests(String service, long ttl, Status.Code code, String description) {
    assertStatus(
        () -> admin().setStatus(set(service, ServingStatus.SERVING, ttl)), code, description);
  }

  @Test
  void clearStatus_readiness_isRefused() {
    assertStatus(
        () -> admin().clearStatus(ClearStatusRequest.newBuilder().setService("readiness").build()),
        Status.Code.FAILED_PRECONDITION,
        "set or clear \"\" instead");
  }

  @Test
  void heartbeat_ttlCheck_runsItAndIsRecorded() {
    admin().heartbeat(HeartbeatRequest.newBuilder().setCheck("jobs").build());

    CheckInfo jobs = admin().listChecks(ListChecksRequest.getDefaultInstance()).getChecks(1);
    assertThat(jobs.getState()).isEqualTo(CheckState.CHECK_STATE_PASSING);
  }

  @ParameterizedTest
  @CsvSource({
    "nope, NOT_FOUND, no check named 'nope'",
    "db, FAILED_PRECONDITION, is a tcp check, not a ttl check",
  })
  void heartbeat_badCheck(String check, Status.Code code, String description) {
    assertStatus(
        () -> admin().heartbeat(HeartbeatRequest.newBuilder().setCheck(check).build()),
        code,
        description);
  }

  @Test
  void checksRpcs_withoutToken_areUnauthenticated() {
    StatusAdminGrpc.StatusAdminBlockingStub anonymous =
        StatusAdminGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS);

    assertStatus(
        () -> anonymous.listChecks(ListChecksRequest.getDefaultInstance()),
        Status.Code.UNAUTHENTICATED,
        "");
    assertStatus(
        () -> anonymous.heartbeat(HeartbeatRequest.newBuilder().setCheck("jobs").build()),
        Status.Code.UNAUTHENTICATED,
        "");
  }
}
