package dev.vitals.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.vitals.api.health.v1.HealthCheckRequest;
import dev.vitals.api.health.v1.HealthCheckResponse.ServingStatus;
import dev.vitals.api.health.v1.HealthGrpc;
import dev.vitals.common.HealthStatus;
import dev.vitals.testing.GrpcCleanupExtension;
import dev.vitals.testing.WatchRecorder;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Limits the server enforces itself, whatever the transport: checked in-process. */
class LimitsTest {
  @RegisterExtension final GrpcCleanupExtension cleanup = new GrpcCleanupExtension();

  private VitalsServer server;
  private ManagedChannel channel;

  private void start(ServerConfigBuilder builder) {
    server = VitalsServer.create(builder.build());
    channel = TestServers.start(cleanup, server);
  }

  private static HealthCheckRequest request(String service) {
    return HealthCheckRequest.newBuilder().setService(service).build();
  }

  private HealthGrpc.HealthBlockingStub blocking() {
    return HealthGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS);
  }

  @Test
  void watch_beyondMaxWatchers_failsWithResourceExhaustedAndCountReturnsOnCancel()
      throws Exception {
    start(TestServers.inProcess().maxWatchers(2).service("db", HealthStatus.SERVING));
    HealthGrpc.HealthStub async = HealthGrpc.newStub(channel);
    Context.CancellableContext first = Context.current().withCancellation();
    WatchRecorder one = new WatchRecorder();
    first.run(() -> async.watch(request("db"), one));
    WatchRecorder two = new WatchRecorder();
    async.watch(request("db"), two);
    assertThat(one.next()).isEqualTo(ServingStatus.SERVING);
    assertThat(two.next()).isEqualTo(ServingStatus.SERVING);

    WatchRecorder three = new WatchRecorder();
    async.watch(request("db"), three);
    Status refused = three.awaitEnd();
    assertThat(refused.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(refused.getDescription())
        .contains("too many Watch streams open")
        .contains("limit is 2");
    assertThat(three.drainReceived()).isEmpty();
    assertThat(server.registry().watcherCount()).isEqualTo(2);

    first.cancel(null);
    await().atMost(Duration.ofSeconds(5)).until(() -> server.registry().watcherCount() == 1);
    WatchRecorder four = new WatchRecorder();
    async.watch(request("db"), four);
    assertThat(four.next()).isEqualTo(ServingStatus.SERVING);
    assertThat(server.registry().watcherCount()).isEqualTo(2);
    // Check is never limited by the watcher count.
    assertThat(blocking().check(request("db")).getStatus()).isEqualTo(ServingStatus.SERVING);
  }

  /** 1,025 ASCII bytes; 342 three-byte chars (1,026 bytes in 342 chars); 257 four-byte chars. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"ascii", "threeByte", "fourByte"})
  void everySurface_nameOver1024Bytes_isInvalidArgument(String kind) throws Exception {
    String name =
        switch (kind) {
          case "ascii" -> "x".repeat(1025);
          case "threeByte" -> "\u20ac".repeat(342);
          default -> "\ud83d\ude00".repeat(257);
        };
    assertThat(name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isGreaterThan(1024);
    start(TestServers.inProcess());

    assertThatThrownBy(() -> blocking().check(request(name)))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription())
                  .isEqualTo("service name is longer than 1024 bytes");
            });

    WatchRecorder watcher = new WatchRecorder();
    HealthGrpc.newStub(channel).watch(request(name), watcher);
    assertThat(watcher.awaitEnd().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(server.registry().watcherCount()).isZero();

    assertThatThrownBy(
            () ->
                dev.vitals.api.legacy.HealthGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(5, TimeUnit.SECONDS)
                    .check(
                        dev.vitals.api.legacy.HealthCheckRequest.newBuilder()
                            .setService(name)
                            .build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));

    assertThatThrownBy(() -> server.registry().set(name, HealthStatus.SERVING))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("longer than 1024");
  }

  @Test
  void check_nameOfExactly1024MultiByteBytes_isLookedUp() {
    String name = "\u20ac".repeat(341) + "a"; // 1,023 + 1 bytes
    start(TestServers.inProcess().service(name, HealthStatus.NOT_SERVING));
    assertThat(blocking().check(request(name)).getStatus()).isEqualTo(ServingStatus.NOT_SERVING);
  }

  @Test
  void builder_limitsOutOfRange_areRefused() {
    ServerConfigBuilder builder = ServerConfig.builder();
    assertThatThrownBy(() -> builder.maxInboundMessageSize(2047))
        .hasMessageContaining("at least 2048");
    assertThatThrownBy(() -> builder.maxWatchers(0)).hasMessageContaining("at least 1");
    assertThatThrownBy(() -> builder.maxStreamsPerConnection(0)).hasMessageContaining("at least 1");
    assertThatThrownBy(() -> builder.keepaliveTime(Duration.ZERO))
        .hasMessageContaining("keepaliveTime must be positive");
    assertThatThrownBy(() -> builder.keepaliveTimeout(Duration.ofSeconds(-1)))
        .hasMessageContaining("keepaliveTimeout must be positive");
    assertThatThrownBy(() -> builder.maxConnectionAge(Duration.ofSeconds(-1)))
        .hasMessageContaining("must not be negative");
  }
}
