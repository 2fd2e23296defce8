package dev.vitals.server.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
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
    assertThat(closed.output()).startsWith("connect to 127.0.0.1:" + port + ": ")
        .containsIgnoringCase("refused");
  }

  @Test
  void run_unresolvableHost_fails() {
    CheckOutcome outcome =
        new TcpCheck(new CheckTarget.Tcp("no-such-host.invalid", 80)).run(TIMEOUT);

    assertThat(outcome.passed()).isFalse();
    assertThat(outcome.output()).isEqualTo("cannot resolve no-such-host.invalid");
  }
}
