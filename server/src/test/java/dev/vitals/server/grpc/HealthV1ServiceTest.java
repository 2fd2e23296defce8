package dev.vitals.server.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.vitals.api.health.v1.HealthCheckRequest;
import dev.vitals.api.health.v1.HealthCheckResponse;
import dev.vitals.api.health.v1.HealthCheckResponse.ServingStatus;
import dev.vitals.api.health.v1.HealthGrpc;
import dev.vitals.api.health.v1.HealthListRequest;
import dev.vitals.api.health.v1.HealthListResponse;
import dev.vitals.common.HealthStatus;
import dev.vitals.server.ServerConfigBuilder;
import dev.vitals.server.TestServers;
import dev.vitals.server.VitalsServer;
import dev.vitals.testing.GrpcCleanupExtension;
import dev.vitals.testing.WatchRecorder;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class HealthV1ServiceTest {
  @RegisterExtension final GrpcCleanupExtension cleanup = new GrpcCleanupExtension();

  private VitalsServer server;
  private HealthGrpc.HealthBlockingStub blocking;
  private HealthGrpc.HealthStub async;
  private ManagedChannel channel;

  private void start(ServerConfigBuilder builder) {
    server = VitalsServer.create(builder.build());
    channel = TestServers.start(cleanup, server);
    blocking = HealthGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS);
    async = HealthGrpc.newStub(channel);
  }

  private void start() {
    start(TestServers.inProcess());
  }

  private static HealthCheckRequest request(String service) {
    return HealthCheckRequest.newBuilder().setService(service).build();
  }

  private ServingStatus check(String service) {
    return blocking.check(request(service)).getStatus();
  }

  private WatchRecorder watch(String service) {
    WatchRecorder recorder = new WatchRecorder();
    async.watch(request(service), recorder);
    return recorder;
  }

  @Test
  void check_wholeServer_isServingOnceStarted() {
    start();
    assertThat(check("")).isEqualTo(ServingStatus.SERVING);
  }

  @Test
  void check_wholeServerConfiguredNotServing_staysNotServing() {
    start(TestServers.inProcess().service("", HealthStatus.NOT_SERVING));
    assertThat(check("")).isEqualTo(ServingStatus.NOT_SERVING);
  }

  @Test
  void check_registeredService_returnsItsStatus() {
    start(TestServers.inProcess().service("db", HealthStatus.NOT_SERVING));
    server.registry().set("cache", HealthStatus.UNKNOWN);
    assertThat(check("db")).isEqualTo(ServingStatus.NOT_SERVING);
    assertThat(check("cache")).isEqualTo(ServingStatus.UNKNOWN);
    server.registry().set("db", HealthStatus.SERVING);
    assertThat(check("db")).isEqualTo(ServingStatus.SERVING);
  }

  @Test
  void check_unknownService_returnsNotFoundNamingIt() {
    start();
    assertThatThrownBy(() -> check("payments"))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
              assertThat(e.getStatus().getDescription()).isEqualTo("unknown service 'payments'");
            });
  }

  @Test
  void check_clearedService_returnsNotFound() {
    start(TestServers.inProcess().service("db", HealthStatus.SERVING));
    assertThat(server.registry().clear("db")).isTrue();
    assertThatThrownBy(() -> check("db"))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
  }

  @Test
  void check_nameOver1024Bytes_returnsInvalidArgument() {
    start();
    assertThatThrownBy(() -> check("x".repeat(1025)))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription()).contains("longer than 1024 bytes");
            });
  }

  @Test
  void list_returnsEveryServiceIncludingWholeServer() {
    start(TestServers.inProcess().service("db", HealthStatus.NOT_SERVING));
    server.registry().set("cache", HealthStatus.UNKNOWN);
    HealthListResponse list = blocking.list(HealthListRequest.getDefaultInstance());
    assertThat(list.getStatusesMap()).hasSize(3);
    assertThat(list.getStatusesMap().get("").getStatus()).isEqualTo(ServingStatus.SERVING);
    assertThat(list.getStatusesMap().get("db").getStatus()).isEqualTo(ServingStatus.NOT_SERVING);
    assertThat(list.getStatusesMap().get("cache").getStatus()).isEqualTo(ServingStatus.UNKNOWN);
  }

  @Test
  void list_exactly100Services_returnsAll() {
    start();
    for (int i = 1; i < 100; i++) {
      server.registry().set("svc-" + i, HealthStatus.SERVING);
    }
    assertThat(server.registry().size()).isEqualTo(100);
    assertThat(blocking.list(HealthListRequest.getDefaultInstance()).getStatusesMap())
        .hasSize(100)
        .containsKeys("", "svc-1", "svc-99");
  }

  @Test
  void list_101Services_failsWithResourceExhausted() {
    start();
    for (int i = 1; i <= 100; i++) {
      server.registry().set("svc-" + i, HealthStatus.SERVING);
    }
    assertThatThrownBy(() -> blocking.list(HealthListRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
              assertThat(e.getStatus().getDescription())
                  .contains("101 registered")
                  .contains("limit is 100");
            });
  }

  @Test
  void list_configuredLimit_isHonoured() {
    start(TestServers.inProcess().maxListEntries(2).service("a", HealthStatus.SERVING));
    assertThat(blocking.list(HealthListRequest.getDefaultInstance()).getStatusesMap()).hasSize(2);
    server.registry().set("b", HealthStatus.SERVING);
    assertThatThrownBy(() -> blocking.list(HealthListRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
  }

  @Test
  void watch_registeredService_sendsCurrentStatusAtOnce() throws Exception {
    start(TestServers.inProcess().service("db", HealthStatus.NOT_SERVING));
    WatchRecorder watcher = watch("db");
    assertThat(watcher.next()).isEqualTo(ServingStatus.NOT_SERVING);
  }

  @Test
  void watch_unknownService_sendsServiceUnknownThenStatusOnceRegistered() throws Exception {
    start();
    WatchRecorder watcher = watch("db");
    assertThat(watcher.next()).isEqualTo(ServingStatus.SERVICE_UNKNOWN);
    assertThat(server.registry().watcherCount()).isEqualTo(1);
    server.registry().set("db", HealthStatus.SERVING);
    assertThat(watcher.next()).isEqualTo(ServingStatus.SERVING);
  }

  @Test
  void watch_sendsOnlyChanges_noRepeats() throws Exception {
    start(TestServers.inProcess().service("db", HealthStatus.SERVING));
    WatchRecorder watcher = watch("db");
    assertThat(watcher.next()).isEqualTo(ServingStatus.SERVING);
    server.registry().set("db", HealthStatus.SERVING);
    server.registry().set("db", HealthStatus.NOT_SERVING);
    server.registry().set("db", HealthStatus.NOT_SERVING);
    server.registry().set("db", HealthStatus.UNKNOWN);
    assertThat(watcher.next()).isEqualTo(ServingStatus.NOT_SERVING);
    assertThat(watcher.next()).isEqualTo(ServingStatus.UNKNOWN);
    assertThat(watcher.drainReceived()).isEmpty();
  }

  @Test
  void watch_clearedService_sendsServiceUnknownAndStaysOpen() throws Exception {
    start(TestServers.inProcess().service("db", HealthStatus.SERVING));
    WatchRecorder watcher = watch("db");
    assertThat(watcher.next()).isEqualTo(ServingStatus.SERVING);
    server.registry().clear("db");
    assertThat(watcher.next()).isEqualTo(ServingStatus.SERVICE_UNKNOWN);
    server.registry().set("db", HealthStatus.NOT_SERVING);
    assertThat(watcher.next()).isEqualTo(ServingStatus.NOT_SERVING);
  }

  @Test
  void watch_cancelled_unregistersAtOnce() throws Exception {
    start();
    ClientCall<HealthCheckRequest, HealthCheckResponse> call =
        channel.newCall(HealthGrpc.getWatchMethod(), CallOptions.DEFAULT);
    WatchRecorder watcher = new WatchRecorder();
    ClientCalls.asyncServerStreamingCall(call, request("db"), watcher);
    assertThat(watcher.next()).isEqualTo(ServingStatus.SERVICE_UNKNOWN);
    assertThat(server.registry().watcherCount()).isEqualTo(1);

    call.cancel("test cancels", null);

    await().atMost(Duration.ofSeconds(5)).until(() -> server.registry().watcherCount() == 0);
    assertThat(watcher.awaitEnd().getCode()).isEqualTo(Status.Code.CANCELLED);
  }

  @Test
  void watch_clientDisconnects_unregisters() throws Exception {
    start();
    for (int i = 0; i < 10; i++) {
      watch(i % 2 == 0 ? "" : "db-" + i).next();
    }
    assertThat(server.registry().watcherCount()).isEqualTo(10);

    channel.shutdownNow();

    await().atMost(Duration.ofSeconds(5)).until(() -> server.registry().watcherCount() == 0);
  }

  @Test
  void watch_slowReader_getsLatestStatusNotHistory() throws Exception {
    start(TestServers.inProcess().service("db", HealthStatus.SERVING));
    BlockingQueue<ServingStatus> received = new LinkedBlockingQueue<>();
    ClientCall<HealthCheckRequest, HealthCheckResponse> call =
        TestServers.watchReadingOne(channel, "db", received);
    assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo(ServingStatus.SERVING);

    for (int i = 0; i < 1000; i++) {
      server.registry().set("db", i % 2 == 0 ? HealthStatus.NOT_SERVING : HealthStatus.UNKNOWN);
    }
    server.registry().set("db", HealthStatus.NOT_SERVING);
    assertThat(received).isEmpty();

    call.request(1);
    assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo(ServingStatus.NOT_SERVING);
    // Had any of the 1,001 changes been queued, the next message would be one of them.
    call.request(1);
    server.registry().set("db", HealthStatus.SERVING);
    assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo(ServingStatus.SERVING);
    call.cancel("done", null);
  }

  @Test
  void watch_severalWatchersOfOneService_allSeeEachChange() throws Exception {
    start(TestServers.inProcess().service("db", HealthStatus.SERVING));
    WatchRecorder first = watch("db");
    WatchRecorder second = watch("db");
    WatchRecorder other = watch("cache");
    assertThat(first.next()).isEqualTo(ServingStatus.SERVING);
    assertThat(second.next()).isEqualTo(ServingStatus.SERVING);
    assertThat(other.next()).isEqualTo(ServingStatus.SERVICE_UNKNOWN);
    server.registry().set("db", HealthStatus.NOT_SERVING);
    assertThat(first.next()).isEqualTo(ServingStatus.NOT_SERVING);
    assertThat(second.next()).isEqualTo(ServingStatus.NOT_SERVING);
    assertThat(other.drainReceived()).isEmpty();
  }
}
