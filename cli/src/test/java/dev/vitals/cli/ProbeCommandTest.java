package dev.vitals.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vitals.common.HealthStatus;
import dev.vitals.server.VitalsServer;
import dev.vitals.testing.FreePort;
import dev.vitals.testing.GrpcCleanupExtension;
import dev.vitals.testing.server.StartedServers;
import io.grpc.InsecureServerCredentials;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code vitals probe}: grpc_health_probe's flags, output and exit codes, over plaintext. */
class ProbeCommandTest {
  @RegisterExtension
  static final GrpcCleanupExtension cleanup = GrpcCleanupExtension.afterAllTests();

  private static VitalsServer server;
  private static String address;
  private static RecordingHealthServer recording;

  @BeforeAll
  static void startServers() {
    server = StartedServers.loopback(cleanup);
    address = "127.0.0.1:" + server.port();
    recording = RecordingHealthServer.start(InsecureServerCredentials.create(), cleanup);
  }

  @BeforeEach
  void resetStatuses() {
    server.registry().set("db", HealthStatus.SERVING);
  }

  private static Cli.Result probe(String... rest) {
    return Cli.run(Cli.at("probe", "-addr", address, rest));
  }

  @Test
  void serving_exits0AndPrintsLikeGrpcHealthProbe() {
    Cli.Result result = probe();
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(0);
    assertThat(result.out()).isEqualTo("status: SERVING\n");
    assertThat(result.err()).isEmpty();
  }

  @Test
  void service_notServing_exits4() {
    server.registry().set("db", HealthStatus.NOT_SERVING);
    Cli.Result result = probe("-service", "db");
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(4);
    assertThat(result.err())
        .isEqualTo("vitals probe: service unhealthy (responded with \"NOT_SERVING\")\n");
  }

  @Test
  void service_unknown_exits3() {
    Cli.Result result = probe("-service", "nope");
    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.err())
        .isEqualTo("vitals probe: rpc failure: NOT_FOUND: unknown service 'nope'\n");
  }

  @Test
  void service_several_eachReportedWorstExitCode() {
    server.registry().set("a", HealthStatus.SERVING);
    server.registry().set("b", HealthStatus.NOT_SERVING);

    Cli.Result result = probe("-service", "a", "-service=b", "--service", "db");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(4);
    assertThat(result.outLines())
        .containsExactly("service 'a': status: SERVING", "service 'db': status: SERVING");
    assertThat(result.err())
        .isEqualTo(
            "vitals probe: service 'b': service unhealthy (responded with \"NOT_SERVING\")\n");
  }

  @Test
  void service_commaSeparated_allServing_exits0() {
    server.registry().set("a", HealthStatus.SERVING);

    Cli.Result result = probe("-service=a,db");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(0);
    assertThat(result.outLines()).hasSize(2);
  }

  @Test
  void wait_retriesConnectionRefused_untilTheServerStarts() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    Cli.Running running =
        Cli.start(
            Map.of(),
            Cli.at(
                "probe", "-addr", "127.0.0.1:" + port, "-wait", "8s", "-retry-interval", "100ms"));
    await().during(Duration.ofMillis(300)).until(() -> running.out().isEmpty());

    RecordingHealthServer.startOn(port, cleanup);
    Cli.Result result = running.finish();

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(0);
    assertThat(result.out()).isEqualTo("status: SERVING\n");
  }

  @Test
  void watch_withSeveralServices_exits1() {
    Cli.Result result = probe("-watch", "-service", "a,b");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).isEqualTo("vitals probe: -watch takes one -service\n");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "-addr=ADDR, -service=db",
    "--addr, --service=db",
    "-addr, -service",
  })
  void addrAndService_acceptGoFlagSpellings(String addrFlag, String serviceFlag) {
    server.registry().set("db", HealthStatus.NOT_SERVING);
    String[] args =
        addrFlag.endsWith("=ADDR")
            ? new String[] {"probe", "-addr=" + address}
            : new String[] {"probe", addrFlag, address};
    String[] withService =
        serviceFlag.contains("=")
            ? append(args, serviceFlag)
            : append(append(args, serviceFlag), "db");
    assertThat(Cli.run(withService).exitCode()).isEqualTo(4);
  }

  @Test
  void connectionRefused_exits2() {
    Cli.Result result = Cli.run("probe", "-addr", FreePort.address());
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
    assertThat(result.err()).contains("connection failure").contains("UNAVAILABLE").hasLineCount(1);
  }

  @Test
  void connectTimeout_honoured_whenTheServerNeverSpeaksHttp2() throws Exception {
    // The listen backlog completes the TCP handshake, but nothing ever answers HTTP/2.
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Cli.Result result =
          Cli.run(
              "probe", "-addr", "127.0.0.1:" + silent.getLocalPort(), "-connect-timeout", "300ms");
      assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
      assertThat(result.err())
          .startsWith("vitals probe: connection failure: DEADLINE_EXCEEDED")
          .contains("within 300ms");
    }
  }

  @Test
  void rpcTimeout_honoured() {
    Cli.Result result =
        Cli.run(
            "probe",
            "-addr",
            recording.address(),
            "-service",
            RecordingHealthServer.HANG,
            "-rpc-timeout",
            "250ms");
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
    assertThat(result.err()).startsWith("vitals probe: rpc failure: DEADLINE_EXCEEDED");
  }

  @Test
  void rpcHeader_repeatable_sentWithTheCall() {
    Cli.Result result =
        Cli.run(
            "probe",
            "-addr",
            recording.address(),
            "-rpc-header",
            "x-probe: kube",
            "-rpc-header=x-zone:eu-1");
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(0);
    assertThat(recording.lastHeader("x-probe")).isEqualTo("kube");
    assertThat(recording.lastHeader("x-zone")).isEqualTo("eu-1");
  }

  @Test
  void rpcHeader_malformed_exits1() {
    Cli.Result result = probe("-rpc-header", "no-colon");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).contains("-rpc-header 'no-colon' is not 'name: value'");
  }

  @Test
  void userAgent_sent() {
    assertThat(
            Cli.run("probe", "-addr", recording.address(), "-user-agent", "kube-probe/1.31")
                .exitCode())
        .isEqualTo(0);
    assertThat(recording.lastHeader("user-agent")).startsWith("kube-probe/1.31");
  }

  @Test
  void userAgent_defaultsToGrpcHealthProbe() {
    assertThat(Cli.run("probe", "-addr", recording.address()).exitCode()).isEqualTo(0);
    assertThat(recording.lastHeader("user-agent")).startsWith("grpc_health_probe");
  }

  @Test
  void authority_overridesTheAuthorityHeader() {
    assertThat(
            Cli.run("probe", "-addr", recording.address(), "-authority", "health.internal:443")
                .exitCode())
        .isEqualTo(0);
    assertThat(recording.lastAuthority()).isEqualTo("health.internal:443");
  }

  @Test
  void verbose_logsTheStepsOnStderr() {
    Cli.Result result = probe("-v");
    assertThat(result.exitCode()).isEqualTo(0);
    assertThat(result.err())
        .contains("establishing connection")
        .contains("connection established")
        .contains("time elapsed");
    assertThat(probe().err()).isEmpty();
  }

  @Test
  void watch_streamsUntilServing() {
    server.registry().set("db", HealthStatus.NOT_SERVING);
    Cli.Running watch = Cli.start(Map.of(), "probe", "-addr", address, "-service", "db", "-watch");
    await().until(() -> watch.out().contains("NOT_SERVING"));
    server.registry().set("db", HealthStatus.SERVING);
    Cli.Result result = watch.finish();
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(0);
    assertThat(result.outLines()).containsExactly("status: NOT_SERVING", "status: SERVING");
  }

  @Test
  void watch_withRpcTimeout_exits3WhenTheStatusNeverComes() {
    server.registry().set("db", HealthStatus.NOT_SERVING);
    Cli.Result result = probe("-service", "db", "-watch", "-rpc-timeout", "300ms");
    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.err()).contains("DEADLINE_EXCEEDED").contains("did not become SERVING");
  }

  @Test
  void watchUntil_otherStatus() {
    Cli.Result result = probe("-service", "gone", "-watch", "-watch-until", "SERVICE_UNKNOWN");
    assertThat(result.exitCode()).isEqualTo(0);
    assertThat(result.out()).isEqualTo("status: SERVICE_UNKNOWN\n");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "-tls-ca-cert=ca.pem|-tls-ca-cert needs -tls",
        "-tls-no-verify|-tls-no-verify needs -tls",
        "-tls-server-name=x|-tls-server-name needs -tls",
        "-tls-client-cert=c.pem|-tls-client-cert needs -tls",
        "-rpc-timeout=0|-rpc-timeout must be greater than zero",
        "-connect-timeout=-1s|'-1s' is not a duration",
        "-unknown-flag|Unknown option: '-unknown-flag'",
      })
  void invalidFlags_exit1(String flag, String message) {
    Cli.Result result = probe(flag);
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
    assertThat(result.err()).contains(message).hasLineCount(1);
  }

  @Test
  void help_withGoSpelling_exits0() {
    Cli.Result result = Cli.run("probe", "-help");
    assertThat(result.exitCode()).isEqualTo(0);
    assertThat(result.out()).contains("-tls-client-key").contains("-rpc-header");
  }

  private static String[] append(String[] args, String arg) {
    String[] out = java.util.Arrays.copyOf(args, args.length + 1);
    out[args.length] = arg;
    return out;
  }
}
