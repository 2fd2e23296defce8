package dev.vitals.bench;

import dev.vitals.common.HealthStatus;
import dev.vitals.server.ServerConfig;
import dev.vitals.server.ServerConfigBuilder;
import dev.vitals.server.VitalsServer;
import dev.vitals.server.http.HttpConfig;
import io.grpc.Server;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One server under test, vitals or grpc-java's reference, on 127.0.0.1. Every implementation starts
 * with the whole server ({@code ""}) and {@link #SERVICE} SERVING.
 */
// close() may be interrupted: it waits for channels and servers to terminate.
@SuppressWarnings("try")
abstract class BenchServer implements AutoCloseable {
  /** The named service the Watch benchmarks flip. */
  static final String SERVICE = "bench";

  final Impl impl;

  private BenchServer(Impl impl) {
    this.impl = impl;
  }

  /** Starts {@code impl} on 127.0.0.1:{@code port} (0 for any free port). */
  static BenchServer start(Impl impl, int port) {
    try {
      return impl.isVitals() ? new Vitals(impl, port) : new Reference(impl, port);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + impl.label(), e);
    }
  }

  abstract int port();

  /** Sets {@link #SERVICE} SERVING or NOT_SERVING; watchers are told. */
  abstract void setServing(boolean serving);

  /** Stops the server, waiting for it to terminate. */
  abstract void stop() throws InterruptedException;

  /**
   * Stops the server and fails if it still accepts connections afterwards: a benchmark must not
   * leave a server behind for the next one.
   */
  @Override
  public void close() throws InterruptedException {
    int port = port();
    stop();
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
      throw new IllegalStateException(impl.label() + " still accepts connections after stopping");
    } catch (ConnectException expected) {
      // Terminated: nothing listens on the port any more.
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final class Vitals extends BenchServer {
    private final VitalsServer server;
    private final int port;

    Vitals(Impl impl, int port) throws IOException {
      super(impl);
      ServerConfigBuilder builder = ServerConfig.builder();
      Integer workers = Integer.getInteger("vitals.bench.workers");
      if (workers != null) {
        // For experiments only (-Dvitals.bench.workers=N); the results use vitals' defaults.
        builder.workerThreads(workers);
      }
      if (impl == Impl.VITALS_METRICS) {
        builder.http(HttpConfig.of(0, "127.0.0.1"));
      }
      server =
          VitalsServer.create(
                  builder
                      .host("127.0.0.1")
                      .port(port)
                      .service(SERVICE, HealthStatus.SERVING)
                      // grpc-java's reference has no such limits, and WatchFanOut opens up to
                      // 100,000
                      // watchers over a few channels: lift vitals' defaults (10,000 watchers, 1,000
                      // streams
                      // per connection) as a user would with --max-watchers /
                      // --max-streams-per-connection.
                      .maxWatchers(1_000_000)
                      .maxStreamsPerConnection(Integer.MAX_VALUE)
                      .drainDelay(Duration.ZERO)
                      .shutdownGrace(Duration.ofSeconds(2))
                      .build())
              .start();
      this.port = server.port();
    }

    @Override
    int port() {
      return port;
    }

    @Override
    void setServing(boolean serving) {
      server.registry().set(SERVICE, serving ? HealthStatus.SERVING : HealthStatus.NOT_SERVING);
    }

    @Override
    void stop() {
      server.close();
    }
  }

  private static final class Reference extends BenchServer {
    private final HealthStatusManager health = new HealthStatusManager();
    private final Server server;

    Reference(Impl impl, int port) throws IOException {
      super(impl);
      health.setStatus(SERVICE, ServingStatus.SERVING);
      NettyServerBuilder builder =
          NettyServerBuilder.forAddress(
                  new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
              .addService(health.getHealthService());
      if (impl == Impl.REFERENCE_DIRECT) {
        builder.directExecutor();
      }
      server = builder.build().start();
    }

    @Override
    int port() {
      return server.getPort();
    }

    @Override
    void setServing(boolean serving) {
      health.setStatus(SERVICE, serving ? ServingStatus.SERVING : ServingStatus.NOT_SERVING);
    }

    @Override
    void stop() throws InterruptedException {
      health.enterTerminalState();
      server.shutdown();
      if (!server.awaitTermination(2, TimeUnit.SECONDS)) {
        server.shutdownNow();
        if (!server.awaitTermination(2, TimeUnit.SECONDS)) {
          throw new IllegalStateException(impl.label() + " did not terminate");
        }
      }
    }
  }
}
