package dev.vitals.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vitals.api.admin.v1.ServingStatus;
import dev.vitals.api.admin.v1.SetStatusRequest;
import dev.vitals.api.admin.v1.StatusAdminGrpc;
import dev.vitals.api.health.v1.HealthCheckRequest;
import dev.vitals.api.health.v1.HealthCheckResponse;
import dev.vitals.api.health.v1.HealthGrpc;
import dev.vitals.common.AdminAuthorization;
import dev.vitals.testing.GrpcCleanupExtension;
import dev.vitals.testing.ServerProcess;
import dev.vitals.testing.TestCertificates;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The shaded jar with the TLS flags: what ships must carry TLS and the certificate reloader. */
class TlsJarIT {
  @RegisterExtension final GrpcCleanupExtension cleanup = new GrpcCleanupExtension();

  @Test
  void jar_mutualTlsWithAdminClientCertificate_servesProbesAndGuardsAdmin(@TempDir Path dir)
      throws Exception {
    TestCertificates certificates = new TestCertificates(dir);
    TestCertificates.Issued ca = certificates.ca("jar-ca");
    TestCertificates.Issued serverCert = certificates.server(ca);
    TestCertificates.Issued client = certificates.client(ca, "operator");
    Path token = Files.writeString(dir.resolve("token"), "jar-admin-token-42");
    try (ServerProcess server =
        ServerProcess.start(
            "--tls-cert",
            serverCert.cert().toString(),
            "--tls-key",
            serverCert.key().toString(),
            "--tls-client-ca",
            ca.cert().toString(),
            "--tls-client-auth",
            "optional",
            "--admin-require-client-cert",
            "--admin-token-file",
            token.toString(),
            "--service",
            "db=SERVING")) {
      ManagedChannel probe =
          cleanup.register(
              NettyChannelBuilder.forAddress(
                      "127.0.0.1",
                      server.port(),
                      TlsChannelCredentials.newBuilder().trustManager(ca.cert().toFile()).build())
                  .build());
      assertThat(
              HealthGrpc.newBlockingStub(probe)
                  .withDeadlineAfter(10, TimeUnit.SECONDS)
                  .check(HealthCheckRequest.newBuilder().setService("db").build())
                  .getStatus())
          .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);

      Metadata bearer = new Metadata();
      bearer.put(AdminAuthorization.KEY, "Bearer jar-admin-token-42");
      SetStatusRequest set =
          SetStatusRequest.newBuilder()
              .setService("db")
              .setStatus(ServingStatus.NOT_SERVING)
              .build();
      assertThatThrownBy(
              () ->
                  StatusAdminGrpc.newBlockingStub(probe)
                      .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(bearer))
                      .withDeadlineAfter(10, TimeUnit.SECONDS)
                      .setStatus(set))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));

      ManagedChannel operator =
          cleanup.register(
              NettyChannelBuilder.forAddress(
                      "127.0.0.1",
                      server.port(),
                      TlsChannelCredentials.newBuilder()
                          .trustManager(ca.cert().toFile())
                          .keyManager(client.cert().toFile(), client.key().toFile())
                          .build())
                  .build());
      StatusAdminGrpc.newBlockingStub(operator)
          .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(bearer))
          .withDeadlineAfter(10, TimeUnit.SECONDS)
          .setStatus(set);
      assertThat(
              HealthGrpc.newBlockingStub(probe)
                  .withDeadlineAfter(10, TimeUnit.SECONDS)
                  .check(HealthCheckRequest.newBuilder().setService("db").build())
                  .getStatus())
          .isEqualTo(HealthCheckResponse.ServingStatus.NOT_SERVING);
    }
  }

  @Test
  void jar_adminRequireClientCertWithoutTls_exitsTwoWithOneLine() throws Exception {
    List<String> command = ServerProcess.java();
    command.addAll(
        List.of(
            "-jar",
            System.getProperty("vitals.server.jar", "target/vitals-server.jar"),
            "--admin-require-client-cert"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().keySet().removeIf(name -> name.startsWith("VITALS_"));
    Process process = builder.start();
    try {
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).isEqualTo(2); // invalid configuration
      String output =
          new String(
              process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(output).startsWith("vitals-server: --admin-require-client-cert needs TLS");
    } finally {
      process.destroyForcibly();
    }
  }
}
