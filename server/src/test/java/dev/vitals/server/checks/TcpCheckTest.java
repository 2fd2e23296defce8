package dev.vitals.server.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TcpCheckTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  @Test
  void run_openPort_passes_closedPort_fails() throws Exception {
    int port;
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      port = server.getLocalPort();
      TcpCheck check = new TcpCheck(new CheckTarget.Tcp("127.0.0.1", port));

      CheckOutcome open = check.run(TIMEOUT);

      assertThat(open.passed()).isTrue();
      assertThat(open.output()).isEqualTo("connected to 127.0.0.1:" + port);
    }

    CheckOutcome closed = new TcpCheck(new CheckTarget.Tcp("127.0.0.1", port)).run(TIMEOUT);

    assertThat(closed.passed()).isFalse();
    assertThat(closed.output())
        .startsWith("connect to 127.0.0.1:" + port + ": ")
        .containsIgnoringCase("refused");
  }

  @Test
  void run_unresolvableHost_fails() {
    CheckOutcome outcome =
        new TcpCheck(new CheckTarget.Tcp("no-such-host.invalid", 80)).run(TIMEOUT);

    assertThat(outcome.passed()).isFalse();
    assertThat(outcome.output()).isEqualTo("cannot resolve no-such-host.invalid");
  }

  @Test
  void engine_realClock_portClosedThenReopened_flipsTheServiceAfterFallAndRise() throws Exception {
    ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    int port = server.getLocalPort();
    Duration interval = Duration.ofMillis(50);
    CheckSpec db =
        new CheckSpec(
            "db",
            new CheckTarget.Tcp("127.0.0.1", port),
            interval,
            interval,
            Duration.ofMillis(500),
            2,
            2,
            10,
            true,
            false);
    RecordingSink sink = new RecordingSink();
    try (Checks checks =
        Checks.builder(new ChecksConfig(Map.of("db", db), Map.of("orders", List.of("db"))), sink)
            .build()) {
      checks.start();
      await().atMost(Duration.ofSeconds(5)).until(() -> sink.calls().contains("orders=SERVING"));

      server.close();
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> sink.calls().contains("orders=NOT_SERVING"));

      ServiceSnapshot orders = checks.snapshot().services().get(0);
      Transition down = orders.history().get(orders.history().size() - 1);
      assertThat(down.check()).isEqualTo("db");
      assertThat(down.reason()).startsWith("connect to 127.0.0.1:" + port);
      assertThat(checks.snapshot().checks().get(0).consecutiveFailures()).isGreaterThanOrEqualTo(2);
      assertThat(orders.failing()).containsExactly("db");

      try (ServerSocket reopened = new ServerSocket()) {
        reopened.setReuseAddress(true);
        reopened.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        await()
            .atMost(Duration.ofSeconds(5))
            .until(() -> checks.snapshot().services().get(0).status() == ServiceStatus.SERVING);
      }
      assertThat(sink.calls())
          .containsExactly(
              "orders=UNKNOWN",
              "=UNKNOWN",
              "orders=SERVING",
              "=SERVING",
              "orders=NOT_SERVING",
              "=NOT_SERVING",
              "orders=SERVING",
              "=SERVING");
    }
  }
}
