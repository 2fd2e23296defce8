package dev.vitals.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.api.admin.v1.ListStatusesRequest;
import dev.vitals.api.health.v1.HealthCheckRequest;
import dev.vitals.api.health.v1.HealthCheckResponse.ServingStatus;
import dev.vitals.api.health.v1.HealthGrpc;
import dev.vitals.common.HealthStatus;
import dev.vitals.testing.GrpcCleanupExtension;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile and broken input, written as raw bytes over a real Netty server on loopback: each gets a
 * precise gRPC status (or, when it is not HTTP/2 at all, a closed connection), and the server keeps
 * answering a normal Check afterwards.
 */
class BadInputTest {
  private static final String CHECK = "/grpc.health.v1.Health/Check";
  private static final String LIST = "/grpc.health.v1.Health/List";
  private static final String ADMIN_LIST = "/vitals.admin.v1.StatusAdmin/ListStatuses";
  private static final String TOKEN = "s3cret-admin-token";

  @RegisterExtension final GrpcCleanupExtension cleanup = new GrpcCleanupExtension();
  private VitalsServer server;
  private ManagedChannel channel;
  private RawHttp2Connection raw;

  @BeforeEach
  void start() throws IOException {
    server =
        VitalsServer.create(
            TestServers.netty().adminToken(TOKEN).service("db", HealthStatus.SERVING).build());
    channel = TestServers.startNetty(cleanup, server);
    raw = RawHttp2Connection.open(server.port());
  }

  @AfterEach
  void serverStillAnswers() throws IOException {
    raw.close();
    assertThat(
            HealthGrpc.newBlockingStub(channel)
                .withDeadlineAfter(5, TimeUnit.SECONDS)
                .check(HealthCheckRequest.newBuilder().setService("db").build())
                .getStatus())
        .isEqualTo(ServingStatus.SERVING);
    assertThat(server.registry().get("db")).contains(HealthStatus.SERVING);
  }

  private static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  private RawHttp2Connection.StreamResult check(byte[] data) throws IOException {
    return raw.unary(1, CHECK, Map.of(), data);
  }

  private static void assertStatus(
      RawHttp2Connection.StreamResult result, Status.Code code, String messagePart) {
    assertThat(result.resetCode()).as("stream reset instead of a status: %s", result).isNull();
    assertThat(result.grpcStatus())
        .as("grpc-status in %s", result.headers())
        .isEqualTo(code.value());
    assertThat(result.grpcMessage()).contains(messagePart);
  }

  @Test
  void check_wellFormedRawRequest_isServing() throws IOException {
    RawHttp2Connection.StreamResult result =
        check(
            RawHttp2Connection.grpcMessage(
                HealthCheckRequest.newBuilder().setService("db").build().toByteArray()));
    assertStatus(result, Status.Code.OK, "");
    assertThat(result.headers()).containsEntry(":status", "200");
  }

  @Test
  void check_malformedProtobuf_isInvalidArgument() throws IOException {
    // Field 1, length-delimited, claiming 100 bytes of which there are 2.
    assertStatus(
        check(RawHttp2Connection.grpcMessage(bytes(0x0a, 100, 'd', 'b'))),
        Status.Code.INVALID_ARGUMENT,
        "the request is not a valid HealthCheckRequest: ");
  }

  @Test
  void check_invalidUtf8InServiceName_isInvalidArgument() throws IOException {
    assertStatus(
        check(RawHttp2Connection.grpcMessage(bytes(0x0a, 2, 0xc3, 0x28))),
        Status.Code.INVALID_ARGUMENT,
        "invalid UTF-8");
  }

  @Test
  void legacyCheck_malformedProtobuf_isInvalidArgument() throws IOException {
    assertStatus(
        raw.unary(1, "/Health/check", Map.of(), RawHttp2Connection.grpcMessage(bytes(0x0a, 0xff))),
        Status.Code.INVALID_ARGUMENT,
        "the request is not a valid HealthCheckRequest");
  }

  @Test
  void admin_malformedProtobufWithoutToken_isUnauthenticatedBeforeParsing() throws IOException {
    assertStatus(
        raw.unary(
            1,
            "/vitals.admin.v1.StatusAdmin/SetStatus",
            Map.of(),
            RawHttp2Connection.grpcMessage(bytes(0x0a, 0xff))),
        Status.Code.UNAUTHENTICATED,
        "");
  }

  @Test
  void admin_malformedProtobufWithToken_isInvalidArgument() throws IOException {
    assertStatus(
        raw.unary(
            1,
            "/vitals.admin.v1.StatusAdmin/SetStatus",
            Map.of("authorization", ("Bearer " + TOKEN).getBytes(StandardCharsets.US_ASCII)),
            RawHttp2Connection.grpcMessage(bytes(0x0a, 0xff))),
        Status.Code.INVALID_ARGUMENT,
        "the request is not a valid SetStatusRequest");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {CHECK, "/Health/check"})
  void check_noRequestMessage_isInternal(String path) throws IOException {
    assertStatus(
        raw.unary(1, path, Map.of(), new byte[0]),
        Status.Code.INTERNAL,
        "Half-closed without a request");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {CHECK, "/Health/check"})
  void check_twoRequestMessages_isInternal(String path) throws IOException {
    byte[] one =
        RawHttp2Connection.grpcMessage(
            HealthCheckRequest.newBuilder().setService("db").build().toByteArray());
    byte[] two = ByteBuffer.allocate(2 * one.length).put(one).put(one).array();
    assertStatus(raw.unary(1, path, Map.of(), two), Status.Code.INTERNAL, "Too many requests");
  }

  @Test
  void check_truncatedGrpcFrame_isInternal() throws IOException {
    byte[] truncated = ByteBuffer.allocate(5 + 10).put((byte) 0).putInt(100).array();
    assertStatus(check(truncated), Status.Code.INTERNAL, "mid-frame");
  }

  @Test
  void check_compressedFlagWithoutEncoding_isInternal() throws IOException {
    byte[] data = RawHttp2Connection.grpcMessage(new byte[0]);
    data[0] = 1;
    assertStatus(check(data), Status.Code.INTERNAL, "compress");
  }

  @Test
  void check_oneMebibyteServiceName_isResourceExhausted() throws IOException {
    int nameLength = 1 << 20;
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(0x0a);
    for (int v = nameLength; ; v >>>= 7) { // varint
      if (v < 0x80) {
        body.write(v);
        break;
      }
      body.write((v & 0x7f) | 0x80);
    }
    int messageLength = body.size() + nameLength;
    // Only one 16 KiB frame goes out: the length prefix alone must be enough to refuse it.
    byte[] first = new byte[16 * 1024 - 5 - body.size()];
    Arrays.fill(first, (byte) 'x');
    ByteBuffer frame =
        ByteBuffer.allocate(5 + body.size() + first.length)
            .put((byte) 0)
            .putInt(messageLength)
            .put(body.toByteArray())
            .put(first);
    raw.sendRequestHeaders(1, CHECK, Map.of(), false);
    raw.sendData(1, frame.array(), false);
    assertStatus(raw.awaitEnd(1), Status.Code.RESOURCE_EXHAUSTED, "exceeds maximum size 4096");
  }

  @Test
  void check_requestHeadersUnderTheLimit_isServing() throws IOException {
    byte[] seven = "x".repeat(7 * 1024).getBytes(StandardCharsets.US_ASCII);
    assertStatus(raw.unary(1, CHECK, Map.of("x-large", seven), dbRequest()), Status.Code.OK, "");
  }

  @ParameterizedTest(name = "{0} KiB")
  @ValueSource(ints = {9, 12, 36})
  void check_requestHeadersOverTheLimit_failTheStreamNotTheConnection(int kib) throws Exception {
    raw.serverSettings();
    TestServers.watchRaw(server, raw, "db", 1);
    byte[] large = "x".repeat(kib * 1024).getBytes(StandardCharsets.US_ASCII);
    RawHttp2Connection.StreamResult result =
        raw.unary(3, CHECK, Map.of("x-large", large), dbRequest());
    assertThat(result.headers()).containsEntry(":status", "431");
    if (kib < 32) {
      // vitals' own limit, with a gRPC status; above 32 KiB HPACK decoding stops and Netty
      // answers the bare 431.
      assertThat(result.grpcStatus()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED.value());
      assertThat(result.grpcMessage()).contains("exceed the limit of 8192 bytes");
    }
    // The connection and its other stream live on.
    server.registry().set("db", HealthStatus.NOT_SERVING);
    TestServers.awaitStatusOn(raw, ServingStatus.NOT_SERVING, 1);
    assertStatus(raw.unary(5, CHECK, Map.of(), dbRequest()), Status.Code.OK, "");
    server.registry().set("db", HealthStatus.SERVING);
  }

  @Test
  void check_requestHeadersOverTheLimitEndingTheStream_get431AndNoReset() throws IOException {
    byte[] large = "x".repeat(12 * 1024).getBytes(StandardCharsets.US_ASCII);
    raw.sendRequestHeaders(1, CHECK, Map.of("x-large", large), true);
    RawHttp2Connection.StreamResult result = raw.awaitEnd(1);
    assertThat(result.headers()).containsEntry(":status", "431");
    assertStatus(result, Status.Code.RESOURCE_EXHAUSTED, "exceed the limit of 8192 bytes");
  }

  @Test
  void check_headerBlockOverTheConnectionBound_getsGoaway() throws IOException {
    byte[] huge = "x".repeat(41 * 1024).getBytes(StandardCharsets.US_ASCII);
    raw.sendRequestHeaders(1, CHECK, Map.of("x-huge", huge), false);
    assertThat(raw.awaitClosed())
        .filteredOn(frame -> frame.type() == RawHttp2Connection.GOAWAY)
        .singleElement()
        .satisfies(
            goaway -> assertThat(goaway.errorCode()).isEqualTo(RawHttp2Connection.PROTOCOL_ERROR));
  }

  private static byte[] dbRequest() {
    return RawHttp2Connection.grpcMessage(
        HealthCheckRequest.newBuilder().setService("db").build().toByteArray());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"/grpc.health.v1.Health/Nope", "/no.such.Service/Check", "/"})
  void unknownMethod_isUnimplemented(String path) throws IOException {
    assertStatus(
        raw.unary(1, path, Map.of(), RawHttp2Connection.grpcMessage(new byte[0])),
        Status.Code.UNIMPLEMENTED,
        "");
  }

  @Test
  void list_101Services_isResourceExhausted() throws IOException {
    for (int i = 0; i < 97; i++) {
      server.registry().set("svc-" + i, HealthStatus.SERVING);
    }
    // "", db, the three probe profiles, 97 more
    assertThat(server.registry().size()).isEqualTo(102);
    assertStatus(
        raw.unary(1, LIST, Map.of(), RawHttp2Connection.grpcMessage(new byte[0])),
        Status.Code.RESOURCE_EXHAUSTED,
        "limit is 100");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "Bearer",
        "Bearer ",
        "Basic czNjcmV0",
        "bearer s3cret",
        "Bearer wrong",
        "Bearer s3cret-admin-token-and-more",
        "Token s3cret-admin-token",
        "long",
        "latin1",
        "missing"
      })
  void admin_malformedToken_isUnauthenticated(String kind) throws IOException {
    byte[] value =
        switch (kind) {
          case "long" -> ("Bearer " + "x".repeat(6000)).getBytes(StandardCharsets.US_ASCII);
          case "latin1" -> bytes('B', 'e', 'a', 'r', 'e', 'r', ' ', 0xe9, 0xff, 0x80);
          default -> kind.getBytes(StandardCharsets.US_ASCII);
        };
    Map<String, byte[]> headers =
        kind.equals("missing") ? Map.of() : Map.of("authorization", value);
    assertStatus(
        raw.unary(
            1,
            ADMIN_LIST,
            headers,
            RawHttp2Connection.grpcMessage(ListStatusesRequest.getDefaultInstance().toByteArray())),
        Status.Code.UNAUTHENTICATED,
        "");
  }

  @Test
  void admin_rightTokenOverRawHttp2_isAnswered() throws IOException {
    assertStatus(
        raw.unary(
            1,
            ADMIN_LIST,
            Map.of("authorization", ("Bearer " + TOKEN).getBytes(StandardCharsets.US_ASCII)),
            RawHttp2Connection.grpcMessage(ListStatusesRequest.getDefaultInstance().toByteArray())),
        Status.Code.OK,
        "");
  }

  @Test
  void http11Request_connectionIsClosed() throws IOException {
    try (RawHttp2Connection http11 = RawHttp2Connection.connect(server.port())) {
      http11.write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      http11.drainUntilClosed();
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3})
  void randomBytes_connectionIsClosed(long seed) throws IOException {
    byte[] noise = new byte[4096];
    new Random(seed).nextBytes(noise);
    try (RawHttp2Connection random = RawHttp2Connection.connect(server.port())) {
      random.write(noise);
      random.drainUntilClosed();
    }
  }

  @Test
  void randomBytesAfterValidPreface_connectionIsClosedWithGoaway() throws IOException {
    byte[] noise = new byte[4096];
    new Random(42).nextBytes(noise);
    raw.serverSettings();
    raw.write(noise);
    assertThat(raw.awaitClosed())
        .anySatisfy(frame -> assertThat(frame.type()).isEqualTo(RawHttp2Connection.GOAWAY));
  }
}
