package dev.vitals.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.api.health.v1.HealthCheckRequest;
import dev.vitals.api.health.v1.HealthCheckResponse.ServingStatus;
import dev.vitals.api.health.v1.HealthGrpc;
import dev.vitals.testing.BearerCredentials;
import dev.vitals.testing.GrpcCleanupExtension;
import dev.vitals.testing.ServerProcess;
import dev.vitals.testing.WatchRecorder;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.StreamObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Starts the real {@code vitals-server.jar} and talks to it over Netty on loopback. */
class ServerJarIT {
  /** Hang guard only: the drain below takes 0.3 s of delay plus at most 2 s of grace. */
  private static final long EXIT_GUARD_SECONDS = 30;

  @RegisterExtension final GrpcCleanupExtension cleanup = new GrpcCleanupExtension();
  private final List<ServerProcess> processes = new ArrayList<>();

  @AfterEach
  void killLeftovers() {
    processes.forEach(ServerProcess::close);
  }

  private ServerProcess launch(String... args) throws Exception {
    ServerProcess server = ServerProcess.launch(args);
    processes.add(server);
    return server;
  }

  private ServerProcess start(String... args) throws Exception {
    ServerProcess server = ServerProcess.start(args);
    processes.add(server);
    return server;
  }

  private ManagedChannel channel(int port) {
    return cleanup.register(
        NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build());
  }

  private static HealthCheckRequest request(String service) {
    return HealthCheckRequest.newBuilder().setService(service).build();
  }

  @Test
  void jar_answersOverNettyAndDrainsOnSigterm() throws Exception {
    ServerProcess server =
        start("--service", "db=NOT_SERVING", "--drain-delay", "300ms", "--shutdown-grace", "2s");
    ManagedChannel channel = channel(server.port());
    HealthGrpc.HealthBlockingStub health =
        HealthGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS);
    assertThat(health.check(request("")).getStatus()).isEqualTo(ServingStatus.SERVING);
    assertThat(health.check(request("db")).getStatus()).isEqualTo(ServingStatus.NOT_SERVING);
    dev.vitals.api.legacy.HealthCheckResponse legacy =
        dev.vitals.api.legacy.HealthGrpc.newBlockingStub(channel)
            .withDeadlineAfter(5, TimeUnit.SECONDS)
            .check(
                dev.vitals.api.legacy.HealthCheckRequest.newBuilder().setService("test").build());
    assertThat(legacy.getStatus())
        .isEqualTo(dev.vitals.api.legacy.HealthCheckResponse.ServingStatus.SERVING);

    WatchRecorder watcher = new WatchRecorder();
    HealthGrpc.newStub(channel).watch(request(""), watcher);
    assertThat(watcher.next()).isEqualTo(ServingStatus.SERVING);

    // SIGTERM through the handle: Process.destroy() would also close our end of its output.
    assertThat(server.process().toHandle().destroy()).isTrue();

    assertThat(watcher.next()).isEqualTo(ServingStatus.NOT_SERVING);
    Status end = watcher.awaitEnd();
    assertThat(end.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(end.getDescription()).isEqualTo("vitals server is shutting down");
    assertThat(server.process().waitFor(EXIT_GUARD_SECONDS, TimeUnit.SECONDS))
        .as("process exits after the drain")
        .isTrue();
    assertThat(server.process().exitValue()).isZero();
    server.awaitLine("vitals server stopped");
  }

  @Test
  void jar_servesReflection() throws Exception {
    ServerProcess server = start();
    BlockingQueue<ServerReflectionResponse> responses = new LinkedBlockingQueue<>();
    StreamObserver<ServerReflectionRequest> requests =
        ServerReflectionGrpc.newStub(channel(server.port()))
            .serverReflectionInfo(
                new StreamObserver<>() {
                  @Override
                  public void onNext(ServerReflectionResponse value) {
                    responses.add(value);
                  }

                  @Override
                  public void onError(Throwable t) {}

                  @Override
                  public void onCompleted() {}
                });
    requests.onNext(ServerReflectionRequest.newBuilder().setListServices("*").build());
    ServerReflectionResponse response = responses.poll(10, TimeUnit.SECONDS);
    requests.onCompleted();
    assertThat(response).isNotNull();
    assertThat(response.getListServicesResponse().getServiceList())
        .extracting(s -> s.getName())
        .contains("grpc.health.v1.Health", "Health", "grpc.reflection.v1.ServerReflection")
        .doesNotContain("vitals.admin.v1.StatusAdmin");
  }

  @Test
  void jar_portInUse_exitsOneWithClearMessage() throws Exception {
    ServerProcess first = start();
    ServerProcess second = launch("--host", "127.0.0.1", "--port", String.valueOf(first.port()));
    assertThat(second.process().waitFor(EXIT_GUARD_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(second.process().exitValue()).isEqualTo(1);
    assertThat(second.awaitLine("cannot bind")).contains("127.0.0.1:" + first.port());
  }

  @Test
  void jar_version_comesFromTheManifest() throws Exception {
    ServerProcess server = launch("--version");
    assertThat(server.process().waitFor(EXIT_GUARD_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(server.process().exitValue()).isZero();
    assertThat(server.awaitLine("vitals-server")).matches("vitals-server \\d+\\.\\d+\\.\\d+.*");
  }

  @Test
  void jar_badConfiguration_exitsTwo() throws Exception {
    ServerProcess server = launch("--service", "db=SERVNG");
    assertThat(server.process().waitFor(EXIT_GUARD_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(server.process().exitValue()).isEqualTo(2);
    assertThat(server.awaitLine("vitals-server:")).contains("unknown status 'SERVNG'");
  }

  @Test
  void jar_adminTokenFile_enablesAdminWithoutLoggingToken() throws Exception {
    Path token = Files.createTempFile("vitals-token", "");
    Files.writeString(token, "very-secret-token-123");
    try {
      ServerProcess server = start("--admin-token-file", token.toString());
      assertThat(server.printed()).noneMatch(line -> line.contains("very-secret-token-123"));
      int status =
          dev.vitals.api.admin.v1.StatusAdminGrpc.newBlockingStub(channel(server.port()))
              .withDeadlineAfter(5, TimeUnit.SECONDS)
              .withCallCredentials(new BearerCredentials("very-secret-token-123"))
              .setStatus(
                  dev.vitals.api.admin.v1.SetStatusRequest.newBuilder()
                      .setService("db")
                      .setStatus(dev.vitals.api.admin.v1.ServingStatus.SERVING)
                      .build())
              .getPreviousValue();
      assertThat(status).isZero();
    } finally {
      Files.deleteIfExists(token);
    }
  }
}
