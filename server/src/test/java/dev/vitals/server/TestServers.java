package dev.vitals.server;

import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;

/** In-process servers and channels for unit tests. */
final class TestServers {
  private TestServers() {}

  /** A builder for an in-process server with a unique name and no drain delay. */
  static VitalsServer.Builder inProcess() {
    return VitalsServer.builder()
        .inProcess(InProcessServerBuilder.generateName())
        .drainDelay(java.time.Duration.ZERO)
        .shutdownGrace(java.time.Duration.ofSeconds(2));
  }

  /** A builder for a Netty server on 127.0.0.1, any free port, two workers, no drain delay. */
  static VitalsServer.Builder netty() {
    return VitalsServer.builder()
        .host("127.0.0.1")
        .port(0)
        .workerThreads(2)
        .drainDelay(java.time.Duration.ZERO)
        .shutdownGrace(java.time.Duration.ofSeconds(2));
  }

  /** Starts a Netty server, registered for cleanup, and returns a plaintext channel to it. */
  static ManagedChannel startNetty(GrpcCleanupExtension cleanup, VitalsServer server) {
    try {
      cleanup.register(server).start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return cleanup.register(io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder
        .forAddress("127.0.0.1", server.port()).usePlaintext().build());
  }

  /** Starts {@code builder}'s server and returns a channel to it, both registered for cleanup. */
  static ManagedChannel start(GrpcCleanupExtension cleanup, VitalsServer server) {
    try {
      cleanup.register(server).start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return cleanup.register(
        InProcessChannelBuilder.forName(server.inProcessName()).directExecutor().build());
  }
}
