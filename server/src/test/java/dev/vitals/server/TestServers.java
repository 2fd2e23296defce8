package dev.vitals.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.api.health.v1.HealthCheckRequest;
import dev.vitals.api.health.v1.HealthCheckResponse;
import dev.vitals.api.health.v1.HealthCheckResponse.ServingStatus;
import dev.vitals.api.health.v1.HealthGrpc;
import dev.vitals.testing.GrpcCleanupExtension;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;

/** In-process servers and channels for unit tests. */
public final class TestServers {
  private TestServers() {}

  /** A builder for an in-process server with a unique name and no drain delay. */
  public static ServerConfigBuilder inProcess() {
    return ServerConfig.builder()
        .inProcess(InProcessServerBuilder.generateName())
        .drainDelay(java.time.Duration.ZERO)
        .shutdownGrace(java.time.Duration.ofSeconds(2));
  }

  /** A builder for a Netty server on 127.0.0.1, any free port, two workers, no drain delay. */
  public static ServerConfigBuilder netty() {
    return ServerConfig.builder()
        .host("127.0.0.1")
        .port(0)
        .workerThreads(2)
        .drainDelay(java.time.Duration.ZERO)
        .shutdownGrace(java.time.Duration.ofSeconds(2));
  }

  /**
   * Opens a Watch of {@code service} on each of {@code streams} of a raw connection and waits until
   * the server counts every one of them.
   */
  static void watchRaw(VitalsServer server, RawHttp2Connection raw, String service, int... streams)
      throws IOException {
    int before = server.registry().watcherCount();
    byte[] request =
        RawHttp2Connection.grpcMessage(
            HealthCheckRequest.newBuilder().setService(service).build().toByteArray());
    for (int stream : streams) {
      raw.sendRequestHeaders(stream, "/grpc.health.v1.Health/Watch", java.util.Map.of(), false);
      raw.sendData(stream, request, true);
    }
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(10))
        .until(() -> server.registry().watcherCount() == before + streams.length);
  }

  /**
   * Reads a raw connection's frames until each of {@code streams} (Watch streams) has been sent
   * {@code status}; fails if the connection gets a GOAWAY or ends first.
   */
  static void awaitStatusOn(RawHttp2Connection raw, ServingStatus status, int... streams)
      throws IOException {
    java.util.Set<Integer> waiting = new java.util.HashSet<>();
    for (int stream : streams) {
      waiting.add(stream);
    }
    while (!waiting.isEmpty()) {
      RawHttp2Connection.Frame frame = raw.readFrame();
      assertThat(frame).as("connection open until %s are told %s", waiting, status).isNotNull();
      assertThat(frame.type()).as("frame %s", frame).isNotEqualTo(RawHttp2Connection.GOAWAY);
      if (frame.type() == RawHttp2Connection.DATA && waiting.contains(frame.stream())) {
        // The length-prefixed HealthCheckResponse messages of one DATA frame.
        java.nio.ByteBuffer data = java.nio.ByteBuffer.wrap(frame.payload());
        while (data.remaining() >= 5) {
          data.get();
          byte[] message = new byte[data.getInt()];
          data.get(message);
          if (HealthCheckResponse.parseFrom(message).getStatus() == status) {
            waiting.remove(frame.stream());
          }
        }
      }
    }
  }

  /** Starts a Netty server, registered for cleanup, and returns a plaintext channel to it. */
  public static ManagedChannel startNetty(GrpcCleanupExtension cleanup, VitalsServer server) {
    try {
      cleanup.register(server).start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return cleanup.register(
        io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder.forAddress(
                "127.0.0.1", server.port())
            .usePlaintext()
            .build());
  }

  /** Starts {@code builder}'s server and returns a channel to it, both registered for cleanup. */
  public static ManagedChannel start(GrpcCleanupExtension cleanup, VitalsServer server) {
    try {
      cleanup.register(server).start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return cleanup.register(
        InProcessChannelBuilder.forName(server.inProcessName()).directExecutor().build());
  }

  /**
   * Starts a Watch of {@code service} on {@code channel} that reads one message and then stops
   * reading (a slow reader), recording what it receives into {@code received}.
   */
  public static ClientCall<HealthCheckRequest, HealthCheckResponse> watchReadingOne(
      Channel channel, String service, BlockingQueue<ServingStatus> received) {
    ClientCall<HealthCheckRequest, HealthCheckResponse> call =
        channel.newCall(HealthGrpc.getWatchMethod(), CallOptions.DEFAULT);
    call.start(
        new ClientCall.Listener<>() {
          @Override
          public void onMessage(HealthCheckResponse message) {
            received.add(message.getStatus());
          }
        },
        new Metadata());
    call.sendMessage(HealthCheckRequest.newBuilder().setService(service).build());
    call.halfClose();
    call.request(1);
    return call;
  }

  /** Runs {@link VitalsServer#drainAndStop()} on another thread. */
  public static CompletableFuture<Void> drainAndStopAsync(VitalsServer server) {
    return CompletableFuture.runAsync(
        () -> {
          try {
            server.drainAndStop();
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
        });
  }
}
