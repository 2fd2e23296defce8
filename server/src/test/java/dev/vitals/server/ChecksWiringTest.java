package dev.vitals.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.vitals.common.HealthStatus;
import dev.vitals.server.checks.ChecksConfig;
import dev.vitals.server.checks.ChecksConfigParser;
import dev.vitals.server.checks.ProbeProfiles;
import dev.vitals.server.checks.ServiceSnapshot;
import dev.vitals.server.checks.ServiceStatus;
import dev.vitals.server.status.StatusRegistry;
import dev.vitals.testing.GrpcCleanupExtension;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The checks engine wired into {@link VitalsServer}: real TCP checks, the real registry. */
class ChecksWiringTest {
  @RegisterExtension final GrpcCleanupExtension cleanup = new GrpcCleanupExtension();

  private final ServerSocket upstream = listen();

  @AfterEach
  void closeUpstream() throws IOException {
    upstream.close();
  }

  private static ServerSocket listen() {
    try {
      return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A port nothing listens on: connections are refused. */
  private static int closedPort() throws IOException {
    try (ServerSocket socket = listen()) {
      return socket.getLocalPort();
    }
  }

  private static ChecksConfig config(String yaml) throws Exception {
    return ChecksConfigParser.parse("vitals.yaml", new StringReader(yaml));
  }

  private static String tcpCheck(String name, int port) {
    return "  "
        + name
        + ":\n    tcp: { address: \"127.0.0.1:"
        + port
        + "\" }\n    interval: 100ms\n    timeout: 1s\n    fall: 1\n    rise: 1\n    jitter: 0%\n";
  }

  /** A service {@code orders} following the check {@code db} of the upstream. */
  private ChecksConfig ordersFollowingDb() throws Exception {
    return config(
        "checks:\n"
            + tcpCheck("db", upstream.getLocalPort())
            + "services:\n  orders: { checks: [db] }\n");
  }

  private VitalsServer start(ServerConfigBuilder builder) throws IOException {
    return cleanup.register(VitalsServer.create(builder.build())).start();
  }

  private static HealthStatus status(VitalsServer server, String service) {
    return server.registry().statusOrNull(service);
  }

  @Test
  void start_withoutConfig_registersTheProbeProfiles() throws Exception {
    VitalsServer server = start(TestServers.inProcess());

    assertThat(status(server, StatusRegistry.SERVER)).isEqualTo(HealthStatus.SERVING);
    for (String profile : ProbeProfiles.NAMES) {
      assertThat(status(server, profile)).as(profile).isEqualTo(HealthStatus.SERVING);
    }
  }

  @Test
  void start_initialNotServingWholeServer_readinessFollows() throws Exception {
    VitalsServer server =
        start(TestServers.inProcess().service(StatusRegistry.SERVER, HealthStatus.NOT_SERVING));

    assertThat(status(server, ProbeProfiles.READINESS)).isEqualTo(HealthStatus.NOT_SERVING);
    server.registry().set(StatusRegistry.SERVER, HealthStatus.SERVING);
    assertThat(status(server, ProbeProfiles.READINESS)).isEqualTo(HealthStatus.SERVING);
    assertThat(status(server, ProbeProfiles.LIVENESS)).isEqualTo(HealthStatus.SERVING);
  }

  @Test
  void start_withChecks_theWholeServerIsDerived_neverForcedServing() throws Exception {
    VitalsServer server =
        start(TestServers.inProcess().checks(config("checks:\n" + tcpCheck("db", closedPort()))));

    assertThat(status(server, StatusRegistry.SERVER))
        .isIn(EnumSet.of(HealthStatus.UNKNOWN, HealthStatus.NOT_SERVING));
    await()
        .atMost(10, TimeUnit.SECONDS)
        .until(() -> status(server, StatusRegistry.SERVER) == HealthStatus.NOT_SERVING);
    assertThat(status(server, ProbeProfiles.READINESS)).isEqualTo(HealthStatus.NOT_SERVING);
    assertThat(status(server, ProbeProfiles.STARTUP)).isEqualTo(HealthStatus.UNKNOWN);
    assertThat(status(server, ProbeProfiles.LIVENESS)).isEqualTo(HealthStatus.SERVING);
    ServiceSnapshot whole = server.checks().snapshot().services().get(0);
    assertThat(whole.name()).isEmpty();
    assertThat(whole.failing()).containsExactly("db");
  }

  @Test
  void checks_upstreamGoesAway_serviceFlipsWithTheCheckInItsHistory() throws Exception {
    VitalsServer server = start(TestServers.inProcess().checks(ordersFollowingDb()));

    await()
        .atMost(10, TimeUnit.SECONDS)
        .until(() -> status(server, "orders") == HealthStatus.SERVING);
    assertThat(status(server, ProbeProfiles.STARTUP)).isEqualTo(HealthStatus.SERVING);
    assertThat(status(server, ProbeProfiles.READINESS)).isEqualTo(HealthStatus.SERVING);

    upstream.close();

    await()
        .atMost(10, TimeUnit.SECONDS)
        .until(() -> status(server, "orders") == HealthStatus.NOT_SERVING);
    assertThat(status(server, ProbeProfiles.READINESS)).isEqualTo(HealthStatus.NOT_SERVING);
    assertThat(status(server, ProbeProfiles.STARTUP)).isEqualTo(HealthStatus.SERVING);
    ServiceSnapshot orders = server.checks().snapshot().services().get(0);
    assertThat(orders.history()).last().satisfies(t -> assertThat(t.check()).isEqualTo("db"));
  }

  @Test
  void initialStatus_ofADerivedService_isAManualOverride() throws Exception {
    VitalsServer server =
        start(
            TestServers.inProcess()
                .service("orders", HealthStatus.NOT_SERVING)
                .checks(ordersFollowingDb()));

    await()
        .atMost(10, TimeUnit.SECONDS)
        .until(() -> status(server, StatusRegistry.SERVER) == HealthStatus.SERVING);
    assertThat(status(server, "orders")).isEqualTo(HealthStatus.NOT_SERVING);
    assertThat(server.checks().snapshot().services().get(0).override()).isNotNull();

    server.checks().clearOverride("orders");
    assertThat(status(server, "orders")).isEqualTo(HealthStatus.SERVING);
  }

  @Test
  void drain_readinessGoesNotServingAtOnce_andTheChecksStop() throws Exception {
    VitalsServer server =
        start(
            TestServers.inProcess()
                .drainDelay(Duration.ofSeconds(30))
                .checks(config("checks:\n" + tcpCheck("db", upstream.getLocalPort()))));
    await()
        .atMost(10, TimeUnit.SECONDS)
        .until(() -> status(server, ProbeProfiles.READINESS) == HealthStatus.SERVING);

    CompletableFuture<Void> drained = TestServers.drainAndStopAsync(server);
    await()
        .atMost(5, TimeUnit.SECONDS)
        .until(() -> status(server, ProbeProfiles.READINESS) == HealthStatus.NOT_SERVING);
    assertThat(server.registry().isDraining()).isTrue();
    // The engine was closed before the drain: it no longer changes anything.
    assertThatThrownBy(() -> server.checks().override("", ServiceStatus.SERVING, null))
        .isInstanceOf(IllegalStateException.class);

    server.endDrainDelay();
    drained.get(10, TimeUnit.SECONDS);
    assertThat(status(server, StatusRegistry.SERVER)).isEqualTo(HealthStatus.NOT_SERVING);
  }
}
