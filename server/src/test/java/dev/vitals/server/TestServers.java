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
