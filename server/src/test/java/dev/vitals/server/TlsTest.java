package dev.vitals.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.vitals.api.admin.v1.ServingStatus;
import dev.vitals.api.admin.v1.SetStatusRequest;
import dev.vitals.api.admin.v1.StatusAdminGrpc;
import dev.vitals.api.health.v1.HealthCheckRequest;
import dev.vitals.api.health.v1.HealthCheckResponse;
import dev.vitals.api.health.v1.HealthGrpc;
import dev.vitals.common.AdminAuthorization;
import dev.vitals.common.HealthStatus;
import dev.vitals.testing.GrpcCleanupExtension;
import dev.vitals.testing.TestCertificates;
import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/** TLS and mutual TLS over Netty on loopback, with certificates made for the run. */
@Execution(ExecutionMode.CONCURRENT)
class TlsTest {
  private static final String TOKEN = "tls-test-admin-token";

  @TempDir static Path dir;
  private static TestCertificates.Issued ca;
  private static TestCertificates.Issued serverCert;
  private static TestCertificates.Issued client;
  private static TestCertificates.Issued rogueClient;

  @RegisterExtension final GrpcCleanupExtension cleanup = new GrpcCleanupExtension();
  private VitalsServer server;

  @BeforeAll
  static void makeCertificates() {
    TestCertificates certificates = new TestCertificates(dir);
    ca = certificates.ca("vitals-test-ca");
    serverCert = certificates.server(ca);
    client = certificates.client(ca, "probe");
    TestCertificates.Issued rogueCa = certificates.ca("rogue-ca");
    rogueClient = certificates.client(rogueCa, "rogue");
  }

  private void start(ServerConfigBuilder builder) throws IOException {
    server =
        cleanup
            .register(VitalsServer.create(builder.service("db", HealthStatus.SERVING).build()))
            .start();
  }

  private static ServerConfigBuilder tls() {
    return TestServers.netty().tls(serverCert.cert(), serverCert.key());
  }

  private static ServerConfigBuilder mutualTls() {
    return tls().tlsClientCa(ca.cert());
  }

  private ManagedChannel channel(ChannelCredentials credentials) {
    return cleanup.register(
        NettyChannelBuilder.forAddress("127.0.0.1", server.port(), credentials).build());
  }

  private static ChannelCredentials trusting() throws IOException {
    return TlsChannelCredentials.newBuilder().trustManager(ca.cert().toFile()).build();
  }

  private static ChannelCredentials withCertificate(TestCertificates.Issued cert)
      throws IOException {
    return TlsChannelCredentials.newBuilder()
        .trustManager(ca.cert().toFile())
        .keyManager(cert.cert().toFile(), cert.key().toFile())
        .build();
  }

  private static HealthCheckResponse.ServingStatus check(ManagedChannel channel) {
    return HealthGrpc.newBlockingStub(channel)
        .withDeadlineAfter(5, TimeUnit.SECONDS)
        .check(HealthCheckRequest.newBuilder().setService("db").build())
        .getStatus();
  }

  private static Status.Code checkFails(ManagedChannel channel) {
    try {
      check(channel);
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    }
    throw new AssertionError("Check succeeded");
  }

  private static void setStatus(ManagedChannel channel, String token) {
    Metadata headers = new Metadata();
    if (token != null) {
      headers.put(AdminAuthorization.KEY, "Bearer " + token);
    }
    StatusAdminGrpc.newBlockingStub(channel)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
        .withDeadlineAfter(5, TimeUnit.SECONDS)
        .setStatus(
            SetStatusRequest.newBuilder()
                .setService("db")
                .setStatus(ServingStatus.NOT_SERVING)
                .build());
  }

  @Test
  void tls_checkFromClientTrustingTheCa_works() throws Exception {
    start(tls());
    assertThat(check(channel(trusting()))).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
  }

  @Test
  void tls_plaintextClient_fails() throws Exception {
    start(tls());
    assertThat(checkFails(channel(InsecureChannelCredentials.create())))
        .isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(check(channel(trusting()))).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
  }

  @Test
  void tls_clientNotTrustingTheServer_fails() throws Exception {
    start(tls());
    Path otherCa = new TestCertificates(Files.createTempDirectory(dir, "other")).ca("other").cert();
    assertThat(
            checkFails(
                channel(TlsChannelCredentials.newBuilder().trustManager(otherCa.toFile()).build())))
        .isEqualTo(Status.Code.UNAVAILABLE);
  }

  @Test
  void mutualTls_clientWithCertificate_works() throws Exception {
    start(mutualTls());
    assertThat(check(channel(withCertificate(client))))
        .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
  }

  @Test
  void mutualTls_clientWithoutCertificate_fails() throws Exception {
    start(mutualTls());
    assertThat(checkFails(channel(trusting()))).isEqualTo(Status.Code.UNAVAILABLE);
  }

  @Test
  void mutualTls_clientCertificateFromAnotherCa_fails() throws Exception {
    start(mutualTls());
    assertThat(checkFails(channel(withCertificate(rogueClient))))
        .isEqualTo(Status.Code.UNAVAILABLE);
  }

  @Test
  void adminRequiresClientCert_withoutCertificate_isUnauthenticatedButCheckWorks()
      throws Exception {
    start(mutualTls().clientCertOptional(true).adminToken(TOKEN).adminRequiresClientCert(true));
    ManagedChannel anonymous = channel(trusting());
    assertThat(check(anonymous)).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
    assertThatThrownBy(() -> setStatus(anonymous, TOKEN))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
              assertThat(e.getStatus().getDescription()).contains("client certificate");
            });
    assertThat(server.registry().get("db")).contains(HealthStatus.SERVING);
  }

  @Test
  void adminRequiresClientCert_withCertificate_stillNeedsTheToken() throws Exception {
    start(mutualTls().clientCertOptional(true).adminToken(TOKEN).adminRequiresClientCert(true));
    ManagedChannel authenticated = channel(withCertificate(client));
    assertThatThrownBy(() -> setStatus(authenticated, "wrong"))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
    setStatus(authenticated, TOKEN);
    assertThat(server.registry().get("db")).contains(HealthStatus.NOT_SERVING);
  }

  @Test
  void tls_certificateFilesReplaced_newConnectionsGetTheNewCertificate() throws Exception {
    Path live = Files.createTempDirectory(dir, "live");
    Path cert = Files.copy(serverCert.cert(), live.resolve("tls.crt"));
    Path key = Files.copy(serverCert.key(), live.resolve("tls.key"));
    start(TestServers.netty().tls(cert, key).tlsReloadInterval(Duration.ofMillis(100)));
    assertThat(check(channel(trusting()))).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);

    // Rotate to a certificate from another CA, each file replaced in one step.
    TestCertificates rotated = new TestCertificates(Files.createTempDirectory(dir, "next"));
    TestCertificates.Issued nextCa = rotated.ca("next-ca");
    TestCertificates.Issued next = rotated.server(nextCa);
    Files.move(
        next.key(), key, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    Files.move(
        next.cert(), cert, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

    ChannelCredentials trustingNext =
        TlsChannelCredentials.newBuilder().trustManager(nextCa.cert().toFile()).build();
    await()
        .atMost(Duration.ofSeconds(10))
        .ignoreExceptions()
        .until(
            () -> {
              ManagedChannel fresh =
                  NettyChannelBuilder.forAddress("127.0.0.1", server.port(), trustingNext).build();
              try {
                return check(fresh) == HealthCheckResponse.ServingStatus.SERVING;
              } finally {
                fresh.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
              }
            });
    assertThat(checkFails(channel(trusting()))).isEqualTo(Status.Code.UNAVAILABLE);
  }

  @Test
  void tls_certificateReplacedBeforeItsKey_keepsServingTheOldPairUntilTheKeyArrives()
      throws Exception {
    Path live = Files.createTempDirectory(dir, "two-step");
    Path cert = Files.copy(serverCert.cert(), live.resolve("tls.crt"));
    Path key = Files.copy(serverCert.key(), live.resolve("tls.key"));
    start(TestServers.netty().tls(cert, key).tlsReloadInterval(Duration.ofMillis(50)));
    TestCertificates rotated = new TestCertificates(Files.createTempDirectory(dir, "step"));
    TestCertificates.Issued nextCa = rotated.ca("step-ca");
    TestCertificates.Issued next = rotated.server(nextCa);
    ChannelCredentials trustingNext =
        TlsChannelCredentials.newBuilder().trustManager(nextCa.cert().toFile()).build();

    // Step one: only the certificate. It does not match the key being served: keep the old pair.
    Files.move(
        next.cert(), cert, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    // Many reload intervals: every new connection in them still gets the old, working pair.
    await()
        .during(Duration.ofMillis(1000))
        .atMost(Duration.ofSeconds(10))
        .until(() -> freshCheckWorks(trusting()));

    // Step two: the key. Now the pair matches and new connections get it.
    Files.move(
        next.key(), key, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    await()
        .atMost(Duration.ofSeconds(10))
        .ignoreExceptions()
        .until(() -> freshCheckWorks(trustingNext));
  }

  @Test
  void start_keyOfAnotherCertificate_failsNamingTheMismatch() throws Exception {
    TestCertificates other = new TestCertificates(Files.createTempDirectory(dir, "mismatch"));
    TestCertificates.Issued otherServer = other.server(other.ca("mismatch-ca"));
    VitalsServer broken =
        cleanup.register(
            VitalsServer.create(
                TestServers.netty().tls(serverCert.cert(), otherServer.key()).build()));
    assertThatThrownBy(broken::start)
        .isInstanceOf(IOException.class)
        .hasMessageContaining("does not belong to the certificate");
  }

  /** A Check on a new connection (so a new handshake) succeeds. */
  private boolean freshCheckWorks(ChannelCredentials credentials) throws InterruptedException {
    ManagedChannel fresh =
        NettyChannelBuilder.forAddress("127.0.0.1", server.port(), credentials).build();
    try {
      return check(fresh) == HealthCheckResponse.ServingStatus.SERVING;
    } catch (StatusRuntimeException e) {
      return false;
    } finally {
      fresh.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void builder_adminRequiresClientCertWithoutClientCa_isRefused() {
    assertThatThrownBy(() -> tls().adminToken(TOKEN).adminRequiresClientCert(true).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("client CA");
    assertThatThrownBy(() -> TestServers.netty().tlsClientCa(ca.cert()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs TLS");
    assertThatThrownBy(() -> mutualTls().adminRequiresClientCert(true).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("admin token");
  }

  @Test
  void start_keyThatIsNotPem_failsWithIoException() throws Exception {
    Path garbage = Files.writeString(dir.resolve("garbage.key"), "not a key");
    VitalsServer broken =
        cleanup.register(
            VitalsServer.create(TestServers.netty().tls(serverCert.cert(), garbage).build()));
    assertThatThrownBy(broken::start)
        .isInstanceOf(IOException.class)
        .hasMessageContaining("cannot load the TLS certificate, key or client CA");
  }
}
