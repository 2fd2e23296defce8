package dev.vitals.server;

import static dev.vitals.server.RawHttp2Connection.FLAG_ACK;
import static dev.vitals.server.RawHttp2Connection.GOAWAY;
import static dev.vitals.server.RawHttp2Connection.PING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vitals.api.health.v1.HealthCheckRequest;
import dev.vitals.api.health.v1.HealthCheckResponse.ServingStatus;
import dev.vitals.api.health.v1.HealthGrpc;
import dev.vitals.common.HealthStatus;
import dev.vitals.testing.GrpcCleanupExtension;
import dev.vitals.testing.WatchRecorder;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Limits the Netty transport enforces, checked over loopback.
 *
 * <p>Concurrent (src/test/resources/junit-platform.properties): most of its time is spent waiting
 * for the transport's own timeouts (the keepalive's 10 s), so its tests run side by side, each with
 * its own server, and beside the module's other test classes; first of them (@Order(1)), so that
 * wait overlaps the rest.
 */
@Execution(ExecutionMode.CONCURRENT)
@Order(1)
class NettyLimitsTest {
  private static final String WATCH = "/grpc.health.v1.Health/Watch";
  private static final String CHECK = "/grpc.health.v1.Health/Check";

  @RegisterExtension final GrpcCleanupExtension cleanup = new GrpcCleanupExtension();

  private VitalsServer server;
  private ManagedChannel channel;

  private void start(ServerConfigBuilder builder) {
    server = VitalsServer.create(builder.build());
    channel = TestServers.startNetty(cleanup, server);
  }

  private static HealthCheckRequest request(String service) {
    return HealthCheckRequest.newBuilder().setService(service).build();
  }

  private HealthGrpc.HealthBlockingStub blocking() {
    return HealthGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS);
  }

  private void assertStillServing() {
    assertThat(blocking().check(request("")).getStatus()).isEqualTo(ServingStatus.SERVING);
  }

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {5 * 1024, 1024 * 1024})
  void check_requestOverMaxMessageSize_failsWithResourceExhausted(int nameBytes) {
    start(TestServers.netty());
    assertThatThrownBy(() -> blocking().check(request("x".repeat(nameBytes))))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
              assertThat(e.getStatus().getDescription()).contains("4096");
            });
    assertStillServing();
  }

  @Test
  void check_requestUnderConfiguredMaxMessageSize_reachesTheHandler() {
    start(TestServers.netty().maxInboundMessageSize(8 * 1024));
    // Past the transport, the name-length rule answers instead.
    assertThatThrownBy(() -> blocking().check(request("x".repeat(5 * 1024))))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
  }

  @Test
  void connection_advertisesMaxStreamsPerConnection() throws Exception {
    start(TestServers.netty().maxStreamsPerConnection(7));
    try (RawHttp2Connection raw = RawHttp2Connection.open(server.port())) {
      assertThat(raw.serverSettings().settings())
          .containsEntry(RawHttp2Connection.SETTINGS_MAX_CONCURRENT_STREAMS, 7L);
    }
  }

  @Test
  void streams_beyondMaxStreamsPerConnection_areRefusedUntilOneCloses() throws Exception {
    start(TestServers.netty().maxStreamsPerConnection(2).service("db", HealthStatus.SERVING));
    byte[] db = RawHttp2Connection.grpcMessage(request("db").toByteArray());
    try (RawHttp2Connection raw = RawHttp2Connection.open(server.port())) {
      raw.serverSettings();
      TestServers.watchRaw(server, raw, "db", 1, 3);
      // A client that ignores SETTINGS_MAX_CONCURRENT_STREAMS gets its third stream refused.
      raw.sendRequestHeaders(5, CHECK, Map.of(), false);
      RawHttp2Connection.StreamResult third = raw.awaitEnd(5);
      assertThat(third.resetCode()).isEqualTo(RawHttp2Connection.REFUSED_STREAM);

      raw.cancel(1);
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> server.registry().watcherCount() == 1);
      RawHttp2Connection.StreamResult afterCancel = raw.unary(7, CHECK, Map.of(), db);
      assertThat(afterCancel.grpcStatus()).isEqualTo(Status.Code.OK.value());
    }
  }

  @Test
  void streamOverTheLimit_itsRequestBodyIsIgnored_theOtherStreamsLive() throws Exception {
    start(TestServers.netty().maxStreamsPerConnection(2).service("db", HealthStatus.SERVING));
    byte[] db = RawHttp2Connection.grpcMessage(request("db").toByteArray());
    try (RawHttp2Connection raw = RawHttp2Connection.open(server.port())) {
      raw.serverSettings();
      TestServers.watchRaw(server, raw, "db", 1, 3);
      // A client that ignores SETTINGS_MAX_CONCURRENT_STREAMS sends a third request, body and
      // all, before it can see the refusal; then more body than the connection's flow-control
      // window (65,535 bytes) holds, which the server must count and give back.
      raw.sendRequestHeaders(5, WATCH, Map.of(), false);
      raw.sendData(5, db, false);
      for (int i = 0; i < 5; i++) {
        raw.sendData(5, new byte[16_000], i == 4);
      }
      assertThat(raw.awaitEnd(5).resetCode()).isEqualTo(RawHttp2Connection.REFUSED_STREAM);

      server.registry().set("db", HealthStatus.NOT_SERVING);
      TestServers.awaitStatusOn(raw, ServingStatus.NOT_SERVING, 1, 3);
      assertThat(server.registry().watcherCount()).isEqualTo(2);
      // The connection's window was given back: a new call's body is accepted.
      raw.cancel(1);
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> server.registry().watcherCount() == 1);
      RawHttp2Connection.StreamResult check =
          raw.unary(7, CHECK, Map.of(), RawHttp2Connection.grpcMessage(new byte[0]));
      assertThat(check.grpcStatus()).isEqualTo(Status.Code.OK.value());
    }
  }

  @Test
  void connection_idleLongerThanMaxConnectionIdle_getsGoaway() throws Exception {
    start(TestServers.netty().maxConnectionIdle(Duration.ofMillis(200)));
    try (RawHttp2Connection raw = RawHttp2Connection.open(server.port())) {
      List<RawHttp2Connection.Frame> frames = raw.awaitClosed();
      assertThat(frames)
          .filteredOn(f -> f.type() == GOAWAY)
          .isNotEmpty()
          .allSatisfy(f -> assertThat(f.debugData()).isEqualTo("max_idle"));
    }
    assertStillServing();
  }

  @Test
  void watch_olderThanMaxConnectionAgePlusGrace_endsUnavailable() throws Exception {
    start(
        TestServers.netty()
            .maxConnectionAge(Duration.ofMillis(200))
            .maxConnectionAgeGrace(Duration.ofMillis(200))
            .service("db", HealthStatus.SERVING));
    WatchRecorder watcher = new WatchRecorder();
    HealthGrpc.newStub(channel).watch(request("db"), watcher);
    assertThat(watcher.next()).isEqualTo(ServingStatus.SERVING);
    assertThat(watcher.awaitEnd().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> server.registry().watcherCount() == 0);
    // The channel reconnects.
    assertStillServing();
  }

  /**
   * Two dead clients at once, on one server: one that never answers a ping, one that stops in the
   * middle of a frame. Both are on the same keepalive clock (10 s, the shortest grpc-java allows),
   * so the test waits for it once.
   */
  @Test
  void deadClients_afterTheKeepaliveTimeout_loseTheirWatchersAndTheirConnections()
      throws Exception {
    start(
        TestServers.netty()
            .keepaliveTime(Duration.ofSeconds(10))
            .keepaliveTimeout(Duration.ofMillis(200))
            .service("db", HealthStatus.SERVING));
    try (RawHttp2Connection silent = RawHttp2Connection.open(server.port());
        RawHttp2Connection cutOff = RawHttp2Connection.open(server.port())) {
      Map<String, RawHttp2Connection> dead =
          Map.of("never answers a ping", silent, "stops in the middle of a frame", cutOff);
      for (RawHttp2Connection raw : dead.values()) {
        raw.answerPings(false);
        raw.serverSettings();
        TestServers.watchRaw(server, raw, "db", 1);
      }
      // A frame header promising 100 bytes, and 10 of them: whatever follows is that frame's.
      cutOff.write(new byte[] {0, 0, 100, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
      assertThat(server.registry().watcherCount()).isEqualTo(2);
      for (Map.Entry<String, RawHttp2Connection> client : dead.entrySet()) {
        RawHttp2Connection raw = client.getValue();
        List<RawHttp2Connection.Frame> frames = raw.readUntilGoaway();
        assertThat(frames)
            .as("the client that %s is pinged before its GOAWAY", client.getKey())
            .anySatisfy(
                f -> {
                  assertThat(f.type()).isEqualTo(PING);
                  assertThat(f.has(FLAG_ACK)).isFalse();
                });
        // Then the socket is closed (before, it stayed open until --max-connection-idle, 5 min);
        // the raw connection's reads give up after 30 s, so this fails unless the server closes
        // it.
        raw.awaitClosed();
      }
    }
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> server.registry().watcherCount() == 0);
    assertStillServing();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"half a preface", "the preface without SETTINGS"})
  void connection_notCompletingTheHandshake_isClosedAfterTheHandshakeTimeout(String sent)
      throws Exception {
    Duration timeout = Duration.ofMillis(500);
    start(TestServers.netty().handshakeTimeout(timeout));
    byte[] preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    long started = System.nanoTime();
    try (RawHttp2Connection raw = RawHttp2Connection.connect(server.port())) {
      raw.write(sent.equals("half a preface") ? Arrays.copyOf(preface, 10) : preface);
      // grpc-java's default would hold it for 2 minutes; the raw connection's reads give up
      // after 30 s, so this fails unless the server closes it.
      raw.drainUntilClosed();
    }
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .isGreaterThanOrEqualTo(timeout.minusMillis(100));
    assertStillServing();
  }

  /**
   * Opens a stream (so the client has a call open) and sends five pings at once: in one write, so
   * that a server that answers the third with GOAWAY and closes cannot fail the later ones' writes.
   */
  private static void pingFiveTimesDuringACall(RawHttp2Connection raw) throws Exception {
    raw.sendRequestHeaders(1, WATCH, Map.of(), false);
    raw.sendData(1, RawHttp2Connection.grpcMessage(request("db").toByteArray()), false);
    byte[] ping = RawHttp2Connection.frame(PING, 0, 0, new byte[8]);
    ByteArrayOutputStream pings = new ByteArrayOutputStream();
    for (int i = 0; i < 5; i++) {
      pings.writeBytes(ping);
    }
    raw.write(pings.toByteArray());
  }

  @Test
  void client_pingingMoreOftenThanPermitted_getsGoawayEnhanceYourCalm() throws Exception {
    start(
        TestServers.netty()
            .permitKeepaliveTime(Duration.ofHours(1))
            .service("db", HealthStatus.SERVING));
    try (RawHttp2Connection raw = RawHttp2Connection.open(server.port())) {
      pingFiveTimesDuringACall(raw);
      List<RawHttp2Connection.Frame> frames = raw.awaitClosed();
      assertThat(frames)
          .filteredOn(f -> f.type() == GOAWAY)
          .first()
          .satisfies(
              f -> {
                assertThat(f.errorCode()).isEqualTo(RawHttp2Connection.ENHANCE_YOUR_CALM);
                assertThat(f.debugData()).isEqualTo("too_many_pings");
              });
    }
    assertStillServing();
  }

  @Test
  void client_pingingWithinPermittedRate_isAnswered() throws Exception {
    start(
        TestServers.netty().permitKeepaliveTime(Duration.ZERO).service("db", HealthStatus.SERVING));
    try (RawHttp2Connection raw = RawHttp2Connection.open(server.port())) {
      pingFiveTimesDuringACall(raw);
      int acks = 0;
      while (acks < 5) {
        RawHttp2Connection.Frame frame = raw.readFrame();
        assertThat(frame).as("connection still open after %d ping acks", acks).isNotNull();
        assertThat(frame.type()).isNotEqualTo(GOAWAY);
        if (frame.type() == PING && frame.has(FLAG_ACK)) {
          acks++;
        }
      }
    }
  }
}
