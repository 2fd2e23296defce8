package dev.vitals.testing.server;

import dev.vitals.server.ServerConfig;
import dev.vitals.server.ServerConfigBuilder;
import dev.vitals.server.VitalsServer;
import dev.vitals.server.checks.ChecksConfigException;
import dev.vitals.server.checks.ChecksConfigParser;
import dev.vitals.testing.GrpcCleanupExtension;
import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.time.Duration;

/** Real vitals servers for client and CLI tests, with their channels, registered for cleanup. */
public final class StartedServers {
  /** The admin token every test server accepts. */
  public static final String TOKEN = "test-admin-token-0123";

  private StartedServers() {}

  /** A vitals server on the in-process transport, started, and a channel to it. */
  public static Started inProcess(GrpcCleanupExtension cleanup) {
    String name = InProcessServerBuilder.generateName();
    VitalsServer server = start(cleanup, quick().inProcess(name));
    ManagedChannel channel =
        cleanup.register(InProcessChannelBuilder.forName(name).directExecutor().build());
    return new Started(server, channel);
  }

  /** A vitals server on 127.0.0.1 and a free port, started. */
  public static VitalsServer loopback(GrpcCleanupExtension cleanup) {
    return start(cleanup, quick().host("127.0.0.1").port(0).workerThreads(1));
  }

  /**
   * A vitals server on 127.0.0.1 and a free port running the checks of {@code yaml} (a checks
   * file's text), started.
   */
  public static VitalsServer loopbackWithChecks(GrpcCleanupExtension cleanup, String yaml) {
    try {
      return start(
          cleanup,
          quick()
              .host("127.0.0.1")
              .port(0)
              .workerThreads(1)
              .checks(ChecksConfigParser.parse("vitals.yaml", new StringReader(yaml))));
    } catch (ChecksConfigException e) {
      throw new IllegalArgumentException("test checks file: " + e.getMessage(), e);
    }
  }

  private static ServerConfigBuilder quick() {
    return ServerConfig.builder()
        .adminToken(TOKEN)
        .drainDelay(Duration.ZERO)
        .shutdownGrace(Duration.ofSeconds(2));
  }

  private static VitalsServer start(GrpcCleanupExtension cleanup, ServerConfigBuilder builder) {
    try {
      return cleanup.register(VitalsServer.create(builder.build())).start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A started server and a channel to it. */
  public record Started(VitalsServer server, ManagedChannel channel) {}
}
