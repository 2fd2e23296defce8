package dev.vitals.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.api.health.v1.HealthCheckRequest;
import dev.vitals.api.health.v1.HealthCheckResponse.ServingStatus;
import dev.vitals.api.health.v1.HealthGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.StreamObserver;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Starts the real {@code vitals-server.jar} and talks to it over Netty on loopback. */
class ServerJarIT {
  private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");
  /** Hang guard only: the drain below takes 0.3 s of delay plus at most 2 s of grace. */
  private static final long EXIT_GUARD_SECONDS = 30;

  @RegisterExtension final GrpcCleanupExtension cleanup = new GrpcCleanupExtension();
  private final List<Process> processes = new ArrayList<>();

  /** A running server process and the lines it has printed. */
  private static final class Running {
    final Process process;
    final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    int port;

    Running(Process process) {
      this.process = process;
      Thread reader = new Thread(() -> {
        try (BufferedReader out = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line; (line = out.readLine()) != null; ) {
            System.out.println("[vitals-server] " + line);
            lines.add(line);
          }
        } catch (IOException e) {
          lines.add("(output closed: " + e + ")");
        }
        lines.add("(end of output)");
      }, "server-output");
      reader.setDaemon(true);
      reader.start();
    }

    /** Waits for a line containing {@code text}; returns it. */
    String awaitLine(String text) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      List<String> skipped = new ArrayList<>();
      while (System.nanoTime() < deadline) {
        String line = lines.poll(1, TimeUnit.SECONDS);
        if (line != null && line.contains(text)) {
          return line;
        }
        if ("(end of output)".equals(line)) {
          throw new AssertionError(
              "server exited before printing '" + text + "'; it printed " + skipped);
        }
        if (line != null) {
          skipped.add(line);
        }
      }
      throw new AssertionError(
          "server did not print '" + text + "' within 30 s; it printed " + skipped);
    }
  }

  private Running launch(String... args) throws IOException {
    Path jar = Path.of(System.getProperty("vitals.server.jar", "target/vitals-server.jar"));
    assertThat(jar).as("the shaded server jar, built by 'package'").exists();
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", jar.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().keySet().removeIf(name -> name.startsWith("VITALS_"));
    Process process = builder.start();
    processes.add(process);
    return new Running(process);
  }

  private Running start(String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of("--host", "127.0.0.1", "--port", "0"));
    all.addAll(List.of(args));
    Running server = launch(all.toArray(String[]::new));
    Matcher matcher = LISTENING.matcher(server.awaitLine("listening on"));
    assertThat(matcher.find()).as("bound address in the ready line").isTrue();
    server.port = Integer.parseInt(matcher.group(1));
    return server;
  }

  @AfterEach
  void killLeftovers() {
    processes.forEach(Process::destroyForcibly);
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
    Running server = start("--service", "db=NOT_SERVING",
        "--drain-delay", "300ms", "--shutdown-grace", "2s");
    ManagedChannel channel = channel(server.port);
    HealthGrpc.HealthBlockingStub health =
        HealthGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS);
    assertThat(health.check(request("")).getStatus()).isEqualTo(ServingStatus.SERVING);
    assertThat(health.check(request("db")).getStatus()).isEqualTo(ServingStatus.NOT_SERVING);
    dev.vitals.api.legacy.HealthCheckResponse legacy =
        dev.vitals.api.legacy.HealthGrpc.newBlockingStub(channel)
            .withDeadlineAfter(5, TimeUnit.SECONDS)
            .check(dev.vitals.api.legacy.HealthCheckRequest.newBuilder().setService("test").build());
    assertThat(legacy.getStatus())
        .isEqualTo(dev.vitals.api.legacy.HealthCheckResponse.ServingStatus.SERVING);

    WatchRecorder watcher = new WatchRecorder();
    HealthGrpc.newStub(channel).watch(request(""), watcher);
    assertThat(watcher.next()).isEqualTo(ServingStatus.SERVING);

    // SIGTERM through the handle: Process.destroy() would also close our end of its output.
    assertThat(server.process.toHandle().destroy()).isTrue();

    assertThat(watcher.next()).isEqualTo(ServingStatus.NOT_SERVING);
    Status end = watcher.awaitEnd();
    assertThat(end.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(end.getDescription()).isEqualTo("vitals server is shutting down");
    assertThat(server.process.waitFor(EXIT_GUARD_SECONDS, TimeUnit.SECONDS))
        .as("process exits after the drain").isTrue();
    assertThat(server.process.exitValue()).isZero();
    server.awaitLine("vitals server stopped");
  }

  @Test
  void jar_servesReflection() throws Exception {
    Running server = start();
    BlockingQueue<ServerReflectionResponse> responses = new LinkedBlockingQueue<>();
    StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc
        .newStub(channel(server.port))
        .serverReflectionInfo(new StreamObserver<>() {
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
    Running first = start();
    Running second = launch("--host", "127.0.0.1", "--port", String.valueOf(first.port));
    assertThat(second.process.waitFor(EXIT_GUARD_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(second.process.exitValue()).isEqualTo(1);
    assertThat(second.awaitLine("cannot bind")).contains("127.0.0.1:" + first.port);
  }

  @Test
  void jar_version_comesFromTheManifest() throws Exception {
    Running server = launch("--version");
    assertThat(server.process.waitFor(EXIT_GUARD_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(server.process.exitValue()).isZero();
    assertThat(server.awaitLine("vitals-server")).matches("vitals-server \\d+\\.\\d+\\.\\d+.*");
  }

  @Test
  void jar_badConfiguration_exitsTwo() throws Exception {
    Running server = launch("--service", "db=SERVNG");
    assertThat(server.process.waitFor(EXIT_GUARD_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(server.process.exitValue()).isEqualTo(2);
    assertThat(server.awaitLine("vitals-server:")).contains("unknown status 'SERVNG'");
  }

  @Test
  void jar_adminTokenFile_enablesAdminWithoutLoggingToken() throws Exception {
    Path token = Files.createTempFile("vitals-token", "");
    Files.writeString(token, "very-secret-token-123");
    try {
      Running server = start("--admin-token-file", token.toString());
      assertThat(server.lines).noneMatch(line -> line.contains("very-secret-token-123"));
      int status = dev.vitals.api.admin.v1.StatusAdminGrpc.newBlockingStub(channel(server.port))
          .withDeadlineAfter(5, TimeUnit.SECONDS)
          .withCallCredentials(new BearerCredentials("very-secret-token-123"))
          .setStatus(dev.vitals.api.admin.v1.SetStatusRequest.newBuilder().setService("db")
              .setStatus(dev.vitals.api.admin.v1.ServingStatus.SERVING).build())
          .getPreviousValue();
      assertThat(status).isZero();
    } finally {
      Files.deleteIfExists(token);
    }
  }
}
