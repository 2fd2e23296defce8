package dev.vitals.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.common.HealthStatus;
import dev.vitals.server.ServerConfig;
import dev.vitals.server.VitalsServer;
import dev.vitals.testing.GrpcCleanupExtension;
import dev.vitals.testing.TestCertificates;
import dev.vitals.testing.server.StartedServers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI against the vitals server itself with TLS on: client certificates optional for health
 * checks, required (with the token) for admin calls, as the README's "Security and limits" section
 * suggests.
 */
class VitalsTlsServerTest {
  @RegisterExtension
  static final GrpcCleanupExtension cleanup = GrpcCleanupExtension.afterAllTests();

  @TempDir static Path dir;
  private static final Map<String, String> TOKEN_ENV =
      Map.of("VITALS_ADMIN_TOKEN", StartedServers.TOKEN);

  private static TestCertificates.Issued serverCert;
  private static TestCertificates.Issued clientCert;
  private static String address;

  @BeforeAll
  static void startServer() throws Exception {
    serverCert = new TestCertificates(dir).selfSigned("server", "vitals.test", "vitals.test");
    clientCert = new TestCertificates(dir).selfSigned("client", "vitals-client", "client.test");
    VitalsServer server =
        cleanup
            .register(
                VitalsServer.create(
                    ServerConfig.builder()
                        .host("127.0.0.1")
                        .port(0)
                        .workerThreads(1)
                        .service("db", HealthStatus.SERVING)
                        .adminToken(StartedServers.TOKEN)
                        .tls(serverCert.cert(), serverCert.key())
                        .tlsClientCa(clientCert.cert())
                        .clientCertOptional(true)
                        .adminRequiresClientCert(true)
                        .drainDelay(Duration.ZERO)
                        .shutdownGrace(Duration.ofSeconds(2))
                        .build()))
            .start();
    address = "127.0.0.1:" + server.port();
  }

  /**
   * {@code subcommand} at the server over TLS verified by its own certificate, plus {@code rest}.
   */
  private static String[] tls(String subcommand, String... rest) {
    List<String> args =
        new ArrayList<>(
            List.of(
                subcommand,
                "--addr",
                address,
                "--tls",
                "--tls-ca-cert",
                serverCert.cert().toString(),
                "--tls-server-name",
                "vitals.test"));
    args.addAll(Arrays.asList(rest));
    return args.toArray(new String[0]);
  }

  private static String[] withClientCert(String[] args) {
    List<String> all = new ArrayList<>(Arrays.asList(args));
    all.addAll(
        List.of(
            "--tls-client-cert",
            clientCert.cert().toString(),
            "--tls-client-key",
            clientCert.key().toString()));
    return all.toArray(new String[0]);
  }

  @Test
  void check_overTlsWithoutClientCertificate_isServing() {
    Cli.Result result = Cli.run(tls("check"));
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(0);
    assertThat(result.out()).isEqualTo("SERVING\n");
  }

  @Test
  void probe_grpcHealthProbeFlags_verifyTheVitalsServer() {
    Cli.Result result =
        Cli.run(
            "probe",
            "-addr",
            address,
            "-tls",
            "-tls-ca-cert",
            serverCert.cert().toString(),
            "-tls-server-name",
            "vitals.test",
            "-service",
            "db");
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(0);
  }

  @Test
  void check_plaintextAgainstTlsServer_exits2() {
    Cli.Result result = Cli.run("check", "--addr", address, "--connect-timeout", "2s");
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
    assertThat(result.err()).hasLineCount(1);
  }

  @Test
  void set_withTokenButNoClientCertificate_exits3Unauthenticated() {
    Cli.Result result = Cli.run(TOKEN_ENV, tls("set", "--service", "cache", "--status", "SERVING"));
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
    assertThat(result.err()).contains("UNAUTHENTICATED").hasLineCount(1);
    assertThat(Cli.run(tls("check", "--service", "cache")).exitCode())
        .as("nothing was set")
        .isEqualTo(3);
  }

  @Test
  void set_withTokenAndClientCertificate_changesTheStatus() {
    Cli.Result set =
        Cli.run(
            TOKEN_ENV, withClientCert(tls("set", "--service", "queue", "--status", "NOT_SERVING")));
    assertThat(set.exitCode()).as(set.toString()).isEqualTo(0);

    Cli.Result check = Cli.run(tls("check", "--service", "queue"));
    assertThat(check.exitCode()).as(check.toString()).isEqualTo(4);
    assertThat(check.out()).isEqualTo("NOT_SERVING\n");
  }
}
