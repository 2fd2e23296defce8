package dev.vitals.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.testing.GrpcCleanupExtension;
import dev.vitals.testing.TestCertificates;
import dev.vitals.testing.server.StartedServers;
import io.grpc.TlsServerCredentials;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * TLS and mutual TLS flags, for probe ({@code -tls}) and the other commands ({@code --tls}),
 * against a test TLS server whose certificate names only {@code vitals.test}, so connecting to
 * 127.0.0.1 verifies only with the server-name override.
 */
class TlsTest {
  @RegisterExtension
  static final GrpcCleanupExtension cleanup = GrpcCleanupExtension.afterAllTests();

  @TempDir static Path dir;

  private static TestCertificates.Issued serverCert;
  private static TestCertificates.Issued clientCert;
  private static TestCertificates.Issued strangerCert;
  private static String tlsAddress;
  private static String mtlsAddress;

  @BeforeAll
  static void startServers() throws Exception {
    serverCert = new TestCertificates(dir).selfSigned("server", "vitals.test", "vitals.test");
    clientCert = new TestCertificates(dir).selfSigned("client", "vitals-client", "client.test");
    strangerCert = new TestCertificates(dir).selfSigned("stranger", "stranger", "stranger.test");
    tlsAddress =
        RecordingHealthServer.start(
                TlsServerCredentials.newBuilder()
                    .keyManager(serverCert.cert().toFile(), serverCert.key().toFile())
                    .build(),
                cleanup)
            .address();
    mtlsAddress =
        RecordingHealthServer.start(
                TlsServerCredentials.newBuilder()
                    .keyManager(serverCert.cert().toFile(), serverCert.key().toFile())
                    .trustManager(clientCert.cert().toFile())
                    .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE)
                    .build(),
                cleanup)
            .address();
  }

  private static String ca() {
    return serverCert.cert().toString();
  }

  @ParameterizedTest
  @ValueSource(strings = {"-", "--"})
  void caCertAndServerName_verifyTheServer(String dash) {
    String[] args =
        dash.equals("-")
            ? new String[] {
              "probe",
              "-addr",
              tlsAddress,
              "-tls",
              "-tls-ca-cert",
              ca(),
              "-tls-server-name",
              "vitals.test"
            }
            : new String[] {
              "check",
              "--addr",
              tlsAddress,
              "--tls",
              "--tls-ca-cert",
              ca(),
              "--tls-server-name",
              "vitals.test"
            };
    Cli.Result result = Cli.run(args);
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(0);
  }

  @Test
  void wrongServerName_exits2() {
    Cli.Result result = Cli.run("probe", "-addr", tlsAddress, "-tls", "-tls-ca-cert", ca());
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
    assertThat(result.err()).contains("connection failure").contains("UNAVAILABLE").hasLineCount(1);
  }

  @Test
  void untrustedServer_exits2() {
    Cli.Result result =
        Cli.run(
            "probe",
            "-addr",
            tlsAddress,
            "-tls",
            "-tls-ca-cert",
            strangerCert.cert().toString(),
            "-tls-server-name",
            "vitals.test");
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
  }

  @Test
  void noVerify_acceptsAnyCertificateAndName() {
    Cli.Result result = Cli.run("probe", "-addr", tlsAddress, "-tls", "-tls-no-verify");
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(0);
    assertThat(Cli.run("check", "--addr", tlsAddress, "--tls", "--tls-no-verify").exitCode())
        .isEqualTo(0);
  }

  @Test
  void clientCertificate_passesMutualTls() {
    Cli.Result result =
        Cli.run(
            "probe",
            "-addr",
            mtlsAddress,
            "-tls",
            "-tls-no-verify",
            "-tls-client-cert",
            clientCert.cert().toString(),
            "-tls-client-key",
            clientCert.key().toString());
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(0);
  }

  @Test
  void missingClientCertificate_failsMutualTls() {
    Cli.Result result = Cli.run("probe", "-addr", mtlsAddress, "-tls", "-tls-no-verify");
    // TLS 1.3 reports the server's refusal after the handshake, so either code may come.
    assertThat(result.exitCode()).as(result.toString()).isIn(2, 3);
    assertThat(result.err()).contains("UNAVAILABLE").hasLineCount(1);
  }

  @Test
  void clientCertWithoutKey_exits1() {
    Cli.Result result =
        Cli.run(
            "probe",
            "-addr",
            mtlsAddress,
            "-tls",
            "-tls-client-cert",
            clientCert.cert().toString());
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .contains("-tls-client-cert and -tls-client-key must be given together");
  }

  @Test
  void noVerifyWithCaCert_exits1() {
    Cli.Result result =
        Cli.run("probe", "-addr", tlsAddress, "-tls", "-tls-no-verify", "-tls-ca-cert", ca());
    assertThat(result.exitCode()).isEqualTo(1);
  }

  @Test
  void unreadableCaCert_exits1() {
    Cli.Result result =
        Cli.run(
            "probe",
            "-addr",
            tlsAddress,
            "-tls",
            "-tls-ca-cert",
            dir.resolve("missing.pem").toString());
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).contains("cannot read");
  }

  @Test
  void tlsAgainstPlaintextVitalsServer_exits2() {
    String plaintext = "127.0.0.1:" + StartedServers.loopback(cleanup).port();
    Cli.Result result = Cli.run("check", "--addr", plaintext, "--tls", "--tls-no-verify");
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
    assertThat(result.err()).startsWith("vitals check: connection failure").hasLineCount(1);
  }
}
