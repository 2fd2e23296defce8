package dev.vitals.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import dev.vitals.api.admin.v1.ListStatusesRequest;
import dev.vitals.api.health.v1.HealthCheckRequest;
import dev.vitals.common.HealthStatus;
import dev.vitals.testing.GrpcCleanupExtension;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Isolated;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * What a misbehaving client costs in log: hundreds of refused streams, refused admin calls and
 * oversized requests add a few lines, without stack traces, instead of one stack trace each.
 *
 * <p>Isolated: it counts what the whole process logs, so no other test class runs beside it.
 */
@Isolated
class LogVolumeTest {
  private static final String CHECK = "/grpc.health.v1.Health/Check";
  private static final String TOKEN = "log-volume-admin-token";

  /** Log bytes allowed per abusive request: a few lines for all of them together. */
  private static final int BYTES_PER_REQUEST = 10;

  @RegisterExtension final GrpcCleanupExtension cleanup = new GrpcCleanupExtension();

  /** Every event logged during the test, as the text an appender would write. */
  private final List<String> logged = new CopyOnWriteArrayList<>();

  private final AppenderBase<ILoggingEvent> capture =
      new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
          String text = event.getLoggerName() + " " + event.getFormattedMessage();
          if (event.getThrowableProxy() != null) {
            text += "\n" + ThrowableProxyUtil.asString(event.getThrowableProxy());
          }
          logged.add(text);
        }
      };

  private VitalsServer server;

  @BeforeEach
  void captureLogs() {
    // As the runnable jar does: grpc-java's java.util.logging goes through SLF4J.
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    capture.start();
    root().addAppender(capture);
  }

  @AfterEach
  void stopCapturing() {
    root().detachAppender(capture);
    SLF4JBridgeHandler.uninstall();
  }

  private static Logger root() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }

  @Test
  void abusiveClient_logsAFewLinesWithoutStackTraces() throws Exception {
    server =
        VitalsServer.create(
            TestServers.netty()
                .maxStreamsPerConnection(2)
                .adminToken(TOKEN)
                .service("db", HealthStatus.SERVING)
                .build());
    TestServers.startNetty(cleanup, server);
    int requests = 0;

    // 1. Streams over the concurrent-stream limit: each is refused.
    try (RawHttp2Connection raw = RawHttp2Connection.open(server.port())) {
      raw.serverSettings();
      TestServers.watchRaw(server, raw, "db", 1, 3);
      int last = 0;
      for (int i = 0; i < 300; i++) {
        last = 5 + 2 * i;
        raw.sendRequestHeaders(last, CHECK, Map.of(), false);
        requests++;
      }
      assertThat(raw.awaitEnd(last).resetCode()).isEqualTo(RawHttp2Connection.REFUSED_STREAM);
    }

    // 2. Admin calls with a wrong token.
    try (RawHttp2Connection raw = RawHttp2Connection.open(server.port())) {
      byte[] list =
          RawHttp2Connection.grpcMessage(ListStatusesRequest.getDefaultInstance().toByteArray());
      for (int i = 0; i < 200; i++) {
        RawHttp2Connection.StreamResult result =
            raw.unary(
                1 + 2 * i,
                "/vitals.admin.v1.StatusAdmin/ListStatuses",
                Map.of("authorization", "Bearer wrong".getBytes(StandardCharsets.US_ASCII)),
                list);
        assertThat(result.grpcStatus()).isEqualTo(Status.Code.UNAUTHENTICATED.value());
        requests++;
      }
    }

    // 3. Requests over the message size limit.
    try (RawHttp2Connection raw = RawHttp2Connection.open(server.port())) {
      byte[] large =
          RawHttp2Connection.grpcMessage(
              HealthCheckRequest.newBuilder().setService("x".repeat(5000)).build().toByteArray());
      for (int i = 0; i < 100; i++) {
        RawHttp2Connection.StreamResult result = raw.unary(1 + 2 * i, CHECK, Map.of(), large);
        assertThat(result.grpcStatus()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED.value());
        requests++;
      }
    }

    long bytes = logged.stream().mapToLong(s -> s.getBytes(StandardCharsets.UTF_8).length).sum();
    System.out.printf(
        "log volume: %d requests, %d events, %d bytes (%.1f bytes per request)%n",
        requests, logged.size(), bytes, (double) bytes / requests);
    assertThat(logged).noneSatisfy(text -> assertThat(text).contains("\tat "));
    assertThat(bytes).isLessThanOrEqualTo((long) BYTES_PER_REQUEST * requests);
  }
}
