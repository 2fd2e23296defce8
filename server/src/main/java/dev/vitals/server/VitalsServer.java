package dev.vitals.server;

import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.vitals.common.Durations;
import dev.vitals.common.HealthStatus;
import dev.vitals.server.checks.Checks;
import dev.vitals.server.checks.ChecksSnapshot;
import dev.vitals.server.checks.ProbeProfiles;
import dev.vitals.server.checks.ResultListener;
import dev.vitals.server.checks.ServiceStatus;
import dev.vitals.server.grpc.GrpcEndpoint;
import dev.vitals.server.http.HttpEndpoint;
import dev.vitals.server.logging.ClientFaultLog;
import dev.vitals.server.metrics.ServerMetrics;
import dev.vitals.server.status.StatusRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The vitals health server: one {@link StatusRegistry} and the endpoints that serve it (today the
 * gRPC port: {@code grpc.health.v1.Health}, the original {@code /Health/check}, the admin API when
 * a token is configured, and server reflection). This class is the lifecycle only: start the
 * endpoints in order, and the drain sequence that stops them all.
 *
 * <pre>{@code
 * ServerConfig config = ServerConfig.builder().port(8001).build();
 * try (VitalsServer server = VitalsServer.create(config).start()) {
 *   server.registry().set("db", HealthStatus.SERVING);
 *   ...
 *   server.drainAndStop();
 * }
 * }</pre>
 *
 * @see <a href="https://github.com/grpc/grpc/blob/master/doc/health-checking.md">gRPC Health
 *     Checking Protocol</a>
 */
public final class VitalsServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(VitalsServer.class);

  private final ServerConfig config;
  private final StatusRegistry registry;
  private final Checks checks;
  private final GrpcEndpoint grpc;
  private final @Nullable HttpEndpoint http;

  /** Started in this order; all are stopped by the drain sequence. */
  private final List<Endpoint> endpoints;

  private final CountDownLatch drainDelayOver = new CountDownLatch(1);
  private final Object lifecycle = new Object();

  @GuardedBy("lifecycle")
  private boolean started;

  @GuardedBy("lifecycle")
  private boolean stopped;

  private VitalsServer(ServerConfig config, List<Function<StatusRegistry, Endpoint>> more) {
    this.config = config;
    this.registry = new StatusRegistry(config.clock(), config.maxWatchers());
    registry.follow(ProbeProfiles.READINESS, StatusRegistry.SERVER);
    String version =
        Objects.requireNonNullElse(
            VitalsServer.class.getPackage().getImplementationVersion(), "development");
    // Metrics only when there is a port to scrape them from: without it the calls go uncounted.
    ServerMetrics metrics =
        config.http().enabled()
            ? ServerMetrics.create(registry, version, config.checks().checks().keySet())
            : null;
    // The endpoint reads the checks' snapshot per response, so only after start.
    this.http =
        config.http().enabled()
            ? new HttpEndpoint(
                config.http(), config.host(), registry, metrics, version, this::checksSnapshot)
            : null;
    ResultListener toMetrics = metrics != null ? metrics.checkResults() : ResultListener.NONE;
    ResultListener toPage = http != null ? http.checkResults() : ResultListener.NONE;
    this.checks =
        Checks.builder(
                config.checks(),
                (service, status) -> registry.set(service, HealthStatus.valueOf(status.name())))
            .probeProfiles(true)
            .resultListener(
                (check, result, state) -> {
                  toMetrics.recorded(check, result, state);
                  toPage.recorded(check, result, state);
                })
            .build();
    // An initial status of a derived service is an override of it, set at start.
    config
        .services()
        .forEach(
            (service, status) -> {
              if (!checks.services().contains(service)) {
                registry.set(service, status);
              }
            });
    this.grpc = new GrpcEndpoint(config, registry, checks, metrics);
    // A new surface is one more entry here; start and drain handle it.
    List<Endpoint> all = new ArrayList<>(List.of(grpc));
    if (http != null) {
      all.add(http);
    }
    more.forEach(endpoint -> all.add(endpoint.apply(registry)));
    this.endpoints = List.copyOf(all);
  }

  private ChecksSnapshot checksSnapshot() {
    return checks.snapshot();
  }

  /**
   * A server with this configuration, not yet started.
   *
   * @throws IllegalArgumentException if a configured check cannot be made (the message names it)
   */
  public static VitalsServer create(ServerConfig config) {
    return new VitalsServer(requireNonNull(config, "config"), List.of());
  }

  /** A server with more endpoints after the gRPC port, each made over the registry; for tests. */
  static VitalsServer create(
      ServerConfig config, List<Function<StatusRegistry, Endpoint>> moreEndpoints) {
    return new VitalsServer(requireNonNull(config, "config"), moreEndpoints);
  }

  /**
   * Starts the checks, then every endpoint, in order. The whole server ({@code ""}) becomes SERVING
   * now, unless an initial status was configured for it or it is derived from checks. An initial
   * status of a derived service is set as a manual override of it. The probe profiles are
   * registered: {@code liveness}, {@code readiness} (follows {@code ""}) and {@code startup}.
   *
   * @throws IOException if an address cannot be bound or the TLS files cannot be loaded; the
   *     endpoints already started are stopped
   * @throws IllegalStateException if already started
   */
  public VitalsServer start() throws IOException {
    synchronized (lifecycle) {
      if (started) {
        throw new IllegalStateException("already started");
      }
      // Before the endpoints: a first Check finds every derived service (UNKNOWN, or overridden).
      config
          .services()
          .forEach(
              (service, status) -> {
                if (checks.services().contains(service)) {
                  checks.override(service, ServiceStatus.valueOf(status.name()), null);
                }
              });
      checks.start();
      for (int i = 0; i < endpoints.size(); i++) {
        try {
          endpoints.get(i).start();
        } catch (IOException | RuntimeException e) {
          for (int j = i - 1; j >= 0; j--) {
            endpoints.get(j).shutdownNow();
          }
          endpoints.forEach(Endpoint::close);
          checks.close();
          throw e;
        }
      }
      started = true;
    }
    if (!config.services().containsKey(StatusRegistry.SERVER)
        && !checks.services().contains(StatusRegistry.SERVER)) {
      registry.set(StatusRegistry.SERVER, HealthStatus.SERVING);
    }
    log.info(
        "vitals server listening on {} (TLS {}, admin API {})",
        grpc.describe(),
        config.tlsMode(),
        config.adminMode());
    if (http != null) {
      log.info(
          "HTTP health, metrics and status page on http://{}/ (/livez, /readyz, /health, /metrics)",
          http.describe());
    }
    log.debug("configuration: {}", config.describe());
    return this;
  }

  /** The bound gRPC port (useful with port 0), or -1 for an in-process server. */
  public int port() {
    synchronized (lifecycle) {
      if (!started) {
        throw new IllegalStateException("not started");
      }
      return grpc.port();
    }
  }

  /** The bound HTTP port (useful with {@code --http-port 0}), or -1 when HTTP is disabled. */
  public int httpPort() {
    synchronized (lifecycle) {
      if (!started) {
        throw new IllegalStateException("not started");
      }
      return http == null ? -1 : http.port();
    }
  }

  /** The configuration this server was created with. */
  public ServerConfig config() {
    return config;
  }

  /** The in-process name, or null when serving over Netty. */
  @Nullable String inProcessName() {
    return config.inProcessName();
  }

  /** The registry every surface of this server reads. */
  public StatusRegistry registry() {
    return registry;
  }

  /**
   * The checks engine: the checks of {@link ServerConfig#checks()}, the services derived from them
   * and the probe profiles {@code liveness} and {@code startup}; its {@link Checks#snapshot()} says
   * why each derived service has its status.
   */
  public Checks checks() {
    return checks;
  }

  /**
   * The drain sequence, as on SIGTERM: the checks stop, every status (including {@code ""}) goes
   * NOT_SERVING and watchers are told; the server keeps answering for the drain delay (or until
   * {@link #endDrainDelay()}); then every Watch stream ends with UNAVAILABLE, the server stops
   * accepting calls, waits up to the shutdown grace for calls in flight, and then cancels the rest.
   * Returns when the server has stopped.
   */
  public void drainAndStop() throws InterruptedException {
    log.info(
        "draining: every service is NOT_SERVING; still answering for {}",
        Durations.format(config.drainDelay()));
    // The engine first: it must not push into a registry that refuses changes.
    checks.close();
    registry.drain();
    if (drainDelayOver.await(config.drainDelay().toNanos(), TimeUnit.NANOSECONDS)) {
      log.info("drain delay ended early");
    }
    stop();
  }

  /** Ends the drain delay of a {@link #drainAndStop()} in progress (or before it starts). */
  public void endDrainDelay() {
    drainDelayOver.countDown();
  }

  /** Stops without the drain delay: ends watchers, stops, waits up to the grace, then forces. */
  @Override
  public void close() {
    try {
      stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits for every endpoint to terminate until {@code deadline} (System.nanoTime). */
  private boolean awaitTermination(long deadline) throws InterruptedException {
    boolean terminated = true;
    for (Endpoint endpoint : endpoints) {
      terminated &=
          endpoint.awaitTermination(
              java.time.Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }
    return terminated;
  }

  private void stop() throws InterruptedException {
    synchronized (lifecycle) {
      boolean running = started && !stopped;
      stopped = true;
      if (!running) {
        checks.close();
        return;
      }
    }
    checks.close();
    registry.closeWatchers();
    endpoints.forEach(Endpoint::shutdown);
    long grace = config.shutdownGrace().toNanos();
    // The end of the grace is kept for cancelling what is left, so that stopping (and the process)
    // is over within the grace however the clients behave: nothing runs after it.
    long cancelling = Math.min(grace / 10, TimeUnit.MILLISECONDS.toNanos(500));
    long start = System.nanoTime();
    if (!awaitTermination(start + grace - cancelling)) {
      log.warn(
          "calls still open after the {} shutdown grace; cancelling them",
          Durations.format(config.shutdownGrace()));
      endpoints.forEach(Endpoint::shutdownNow);
      if (!awaitTermination(start + grace)) {
        log.warn("connections still open after cancelling; closing them");
      }
    }
    // Closing the transports closes any connection still open, even one whose client has stopped
    // reading and so cannot take a GOAWAY.
    endpoints.forEach(Endpoint::close);
    ClientFaultLog.shared().flush();
    log.info("vitals server stopped");
  }
}
