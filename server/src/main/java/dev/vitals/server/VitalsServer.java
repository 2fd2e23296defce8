package dev.vitals.server;

import static java.util.Objects.requireNonNull;

import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.ServerChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.grpc.util.AdvancedTlsX509KeyManager;
import io.grpc.util.AdvancedTlsX509TrustManager;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The vitals health server: {@code grpc.health.v1.Health} (Check, Watch, List), the original
 * {@code /Health/check}, the admin API when a token is configured, and server reflection, all
 * over one {@link StatusRegistry}.
 *
 * <pre>{@code
 * try (VitalsServer server = VitalsServer.builder().port(8001).build().start()) {
 *   server.registry().set("db", HealthStatus.SERVING);
 *   ...
 *   server.drainAndStop();
 * }
 * }</pre>
 *
 * <p>Handlers never block, so they run on the transport's event loops with no executor hand-off.
 *
 * @see <a href="https://github.com/grpc/grpc/blob/master/doc/health-checking.md">gRPC Health Checking Protocol</a>
 */
public final class VitalsServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(VitalsServer.class);
  /** How a Watch stream ends when the server stops. */
  static final Status SHUTTING_DOWN =
      Status.UNAVAILABLE.withDescription("vitals server is shutting down");

  private final Builder config;
  private final StatusRegistry registry;
  private final CountDownLatch drainDelayOver = new CountDownLatch(1);
  private final Object lifecycle = new Object();
  private Server server;
  private EventLoopGroup boss;
  private EventLoopGroup workers;
  private ScheduledExecutorService tlsReloader;
  private boolean stopped;

  private VitalsServer(Builder config) {
    this.config = config;
    this.registry = new StatusRegistry(config.clock, config.maxWatchers);
    config.services.forEach(registry::set);
  }

  /**
   * A builder with the defaults: 0.0.0.0:8001, one worker per available processor, 3 s drain
   * delay, 5 s grace.
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Binds and starts serving. The whole server ({@code ""}) becomes SERVING now, unless an initial
   * status was configured for it.
   *
   * @throws IOException if the address cannot be bound or the TLS files cannot be loaded
   * @throws IllegalStateException if already started
   */
  public VitalsServer start() throws IOException {
    synchronized (lifecycle) {
      if (server != null) {
        throw new IllegalStateException("already started");
      }
      ServerBuilder<?> builder;
      if (config.inProcessName != null) {
        builder = InProcessServerBuilder.forName(config.inProcessName);
      } else {
        try {
          builder = nettyBuilder();
        } catch (IOException | RuntimeException e) {
          shutdownEventLoops();
          throw e;
        }
      }
      builder
          .directExecutor()
          .maxInboundMessageSize(config.maxInboundMessageSize)
          .addService(MalformedRequests.guard(
              new HealthV1Service(registry, config.maxListEntries).bindSerialized()))
          .addService(MalformedRequests.guard(new LegacyHealthService(registry).bindSerialized()))
          .addService(ProtoReflectionServiceV1.newInstance());
      if (config.adminToken != null) {
        // The last interceptor listed runs first: the certificate check, then the token, and
        // only then is the request body parsed.
        builder.addService(MalformedRequests.guard(config.adminRequiresClientCert
            ? ServerInterceptors.intercept(new StatusAdminService(registry),
                new AdminAuthInterceptor(config.adminToken), new ClientCertificateInterceptor())
            : ServerInterceptors.intercept(
                new StatusAdminService(registry), new AdminAuthInterceptor(config.adminToken))));
      }
      Server started = builder.build();
      try {
        started.start();
      } catch (IOException | RuntimeException e) {
        shutdownEventLoops();
        throw e;
      }
      server = started;
    }
    if (!config.services.containsKey(StatusRegistry.SERVER)) {
      registry.set(StatusRegistry.SERVER, HealthStatus.SERVING);
    }
    log.info("vitals server listening on {} (TLS {}, admin API {})", describeAddress(),
        config.tlsMode(), config.adminToken != null
            ? (config.adminRequiresClientCert ? "enabled, client certificate required" : "enabled")
            : "disabled: no token configured");
    log.debug("configuration: {}", config.describe());
    return this;
  }

  private ServerBuilder<?> nettyBuilder() throws IOException {
    InetSocketAddress address = new InetSocketAddress(config.host, config.port);
    NettyServerBuilder netty;
    try {
      netty = config.tlsCert == null
          ? NettyServerBuilder.forAddress(address)
          : NettyServerBuilder.forAddress(address, tlsCredentials());
    } catch (IllegalArgumentException e) {
      // grpc-java parses the PEM files here and says what is wrong with them.
      throw new IOException("cannot load the TLS certificate, key or client CA: " + e.getMessage(),
          e);
    }
    boolean epoll = Epoll.isAvailable();
    boss = epoll
        ? new EpollEventLoopGroup(1, new DefaultThreadFactory("vitals-boss", true))
        : new NioEventLoopGroup(1, new DefaultThreadFactory("vitals-boss", true));
    workers = epoll
        ? new EpollEventLoopGroup(config.workerThreads, new DefaultThreadFactory("vitals-worker", true))
        : new NioEventLoopGroup(config.workerThreads, new DefaultThreadFactory("vitals-worker", true));
    Class<? extends ServerChannel> channelType =
        epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    netty
            .bossEventLoopGroup(boss)
            .workerEventLoopGroup(workers)
            .channelType(channelType)
            .maxConcurrentCallsPerConnection(config.maxStreamsPerConnection)
            .keepAliveTime(config.keepaliveTime.toNanos(), TimeUnit.NANOSECONDS)
            .keepAliveTimeout(config.keepaliveTimeout.toNanos(), TimeUnit.NANOSECONDS)
            .permitKeepAliveTime(config.permitKeepaliveTime.toNanos(), TimeUnit.NANOSECONDS)
            .maxConnectionIdle(orForever(config.maxConnectionIdle), TimeUnit.NANOSECONDS)
            .maxConnectionAge(orForever(config.maxConnectionAge), TimeUnit.NANOSECONDS)
            .maxConnectionAgeGrace(orForever(config.maxConnectionAgeGrace), TimeUnit.NANOSECONDS);
    return netty;
  }

  private ServerCredentials tlsCredentials() throws IOException {
    TlsServerCredentials.Builder tls = TlsServerCredentials.newBuilder();
    if (config.tlsReloadInterval.isZero()) {
      tls.keyManager(config.tlsCert.toFile(), config.tlsKey.toFile());
      if (config.tlsClientCa != null) {
        tls.trustManager(config.tlsClientCa.toFile());
      }
    } else {
      reloadTlsFiles(tls);
    }
    if (config.tlsClientCa != null) {
      tls.clientAuth(config.clientCertOptional
          ? TlsServerCredentials.ClientAuth.OPTIONAL
          : TlsServerCredentials.ClientAuth.REQUIRE);
    }
    return tls.build();
  }

  /**
   * Key and trust managers that re-read their files when they change, so that a rotated
   * certificate is served to new connections without a restart (open connections keep theirs).
   */
  private void reloadTlsFiles(TlsServerCredentials.Builder tls) throws IOException {
    File cert = config.tlsCert.toFile();
    File key = config.tlsKey.toFile();
    File clientCa = config.tlsClientCa == null ? null : config.tlsClientCa.toFile();
    AdvancedTlsX509KeyManager keys = new AdvancedTlsX509KeyManager();
    AdvancedTlsX509TrustManager trust = null;
    try {
      keys.updateIdentityCredentials(cert, key);
      if (clientCa != null) {
        trust = AdvancedTlsX509TrustManager.newBuilder()
            .setVerification(
                AdvancedTlsX509TrustManager.Verification.CERTIFICATE_ONLY_VERIFICATION)
            .build();
        trust.updateTrustCredentials(clientCa);
      }
    } catch (IOException | java.security.GeneralSecurityException e) {
      throw new IOException("cannot load the TLS certificate, key or client CA: " + e.getMessage(),
          e);
    }
    tls.keyManager(keys);
    List<Path> files = new ArrayList<>(List.of(config.tlsCert, config.tlsKey));
    AdvancedTlsX509TrustManager trustManager = trust;
    if (trustManager != null) {
      tls.trustManager(trustManager);
      files.add(config.tlsClientCa);
    }
    // grpc-java's own periodic reload did not pick up changed files in 1.83.1: we watch them.
    TlsFileWatcher watcher = new TlsFileWatcher(files, () -> {
      keys.updateIdentityCredentials(cert, key);
      if (trustManager != null) {
        trustManager.updateTrustCredentials(clientCa);
      }
    });
    tlsReloader = Executors.newSingleThreadScheduledExecutor(
        new DefaultThreadFactory("vitals-tls-reload", true));
    long period = config.tlsReloadInterval.toNanos();
    tlsReloader.scheduleWithFixedDelay(watcher::check, period, period, TimeUnit.NANOSECONDS);
  }

  /** Zero means "no limit" in the builder; grpc-java says so with Long.MAX_VALUE. */
  private static long orForever(Duration duration) {
    return duration.isZero() ? Long.MAX_VALUE : duration.toNanos();
  }

  /** The bound port (useful with port 0), or -1 for an in-process server. */
  public int port() {
    synchronized (lifecycle) {
      if (server == null) {
        throw new IllegalStateException("not started");
      }
      return config.inProcessName != null ? -1 : server.getPort();
    }
  }

  /** The in-process name, or null when serving over Netty. */
  String inProcessName() {
    return config.inProcessName;
  }

  /** The registry every surface of this server reads. */
  public StatusRegistry registry() {
    return registry;
  }

  /**
   * The drain sequence, as on SIGTERM: every status (including {@code ""}) goes NOT_SERVING and
   * watchers are told; the server keeps answering for the drain delay (or until
   * {@link #endDrainDelay()}); then every Watch stream ends with UNAVAILABLE, the server stops
   * accepting calls, waits up to the shutdown grace for calls in flight, and then cancels the rest.
   * Returns when the server has stopped.
   */
  public void drainAndStop() throws InterruptedException {
    log.info("draining: every service is NOT_SERVING; still answering for {}",
        Durations.format(config.drainDelay));
    registry.drain();
    if (drainDelayOver.await(config.drainDelay.toNanos(), TimeUnit.NANOSECONDS)) {
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

  private void stop() throws InterruptedException {
    Server toStop;
    synchronized (lifecycle) {
      if (stopped || server == null) {
        stopped = true;
        shutdownEventLoops();
        return;
      }
      stopped = true;
      toStop = server;
    }
    registry.closeWatchers(SHUTTING_DOWN);
    toStop.shutdown();
    long graceNanos = config.shutdownGrace.toNanos();
    if (!toStop.awaitTermination(graceNanos, TimeUnit.NANOSECONDS)) {
      log.warn("calls still open after the {} shutdown grace; cancelling them",
          Durations.format(config.shutdownGrace));
      toStop.shutdownNow();
      toStop.awaitTermination(1, TimeUnit.SECONDS);
    }
    shutdownEventLoops();
    log.info("vitals server stopped");
  }

  /** Shuts down the transport's threads, and the TLS file watcher's. */
  private void shutdownEventLoops() {
    for (EventLoopGroup group : new EventLoopGroup[] {workers, boss}) {
      if (group != null) {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      }
    }
    if (tlsReloader != null) {
      tlsReloader.shutdownNow();
    }
  }

  private String describeAddress() {
    if (config.inProcessName != null) {
      return "in-process:" + config.inProcessName;
    }
    for (SocketAddress address : server.getListenSockets()) {
      if (address instanceof InetSocketAddress) {
        InetSocketAddress inet = (InetSocketAddress) address;
        String bound = inet.getAddress().isAnyLocalAddress()
            ? config.host : inet.getAddress().getHostAddress();
        return bound + ":" + inet.getPort();
      }
    }
    return config.host + ":" + server.getPort();
  }

  /** Configures a {@link VitalsServer}. Every setting has a default. */
  public static final class Builder {
    private String host = "0.0.0.0";
    private int port = 8001;
    // One event loop per processor: the handlers never block, and more loops than cores only
    // add context switches (5 loops on one core served a tenth of the Checks of 1 loop).
    private int workerThreads = Runtime.getRuntime().availableProcessors();
    private Duration drainDelay = Duration.ofSeconds(3);
    private Duration shutdownGrace = Duration.ofSeconds(5);
    private String adminToken;
    private String inProcessName;
    private int maxListEntries = 100;
    private int maxInboundMessageSize = 4 * 1024;
    private int maxWatchers = 10_000;
    private int maxStreamsPerConnection = 1_000;
    private Duration keepaliveTime = Duration.ofMinutes(1);
    private Duration keepaliveTimeout = Duration.ofSeconds(20);
    private Duration permitKeepaliveTime = Duration.ofSeconds(30);
    private Duration maxConnectionIdle = Duration.ofMinutes(5);
    private Duration maxConnectionAge = Duration.ZERO;
    private Duration maxConnectionAgeGrace = Duration.ofSeconds(30);
    private Path tlsCert;
    private Path tlsKey;
    private Path tlsClientCa;
    private boolean clientCertOptional;
    private boolean adminRequiresClientCert;
    private Duration tlsReloadInterval = Duration.ofMinutes(1);
    private Clock clock = Clock.systemUTC();
    private final Map<String, HealthStatus> services = new LinkedHashMap<>();

    private Builder() {}

    /** The address to bind; default {@code 0.0.0.0}. */
    public Builder host(String host) {
      this.host = requireNonNull(host, "host");
      return this;
    }

    /** The port to bind, 0 for any free port; default 8001. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port " + port + " is out of range 0-65535");
      }
      this.port = port;
      return this;
    }

    /**
     * Threads that run the transport and the (non-blocking) handlers; default one per available
     * processor.
     */
    public Builder workerThreads(int workerThreads) {
      if (workerThreads < 1 || workerThreads > 1024) {
        throw new IllegalArgumentException(
            "worker threads " + workerThreads + " is out of range 1-1024");
      }
      this.workerThreads = workerThreads;
      return this;
    }

    /** An initial status; {@code ""} is the whole server. Repeat for several services. */
    public Builder service(String name, HealthStatus status) {
      requireNonNull(name, "name");
      requireNonNull(status, "status");
      String problem = ServiceNames.problem(name);
      if (problem != null) {
        throw new IllegalArgumentException(problem);
      }
      services.put(name, status);
      return this;
    }

    /** How long to keep answering, NOT_SERVING, after a drain starts; default 3 s. */
    public Builder drainDelay(Duration drainDelay) {
      this.drainDelay = nonNegative(drainDelay, "drainDelay");
      return this;
    }

    /** How long to wait for calls in flight once stopping, before cancelling them; default 5 s. */
    public Builder shutdownGrace(Duration shutdownGrace) {
      this.shutdownGrace = nonNegative(shutdownGrace, "shutdownGrace");
      return this;
    }

    /** Enables the admin API, which then needs {@code authorization: Bearer <token>}. */
    public Builder adminToken(String adminToken) {
      requireNonNull(adminToken, "adminToken");
      if (adminToken.isBlank()) {
        throw new IllegalArgumentException("admin token is blank");
      }
      this.adminToken = adminToken.trim();
      return this;
    }

    /** Serves on grpc-java's in-process transport under {@code name} instead of Netty. */
    public Builder inProcess(String name) {
      this.inProcessName = requireNonNull(name, "name");
      return this;
    }

    /** The most services List returns before failing with RESOURCE_EXHAUSTED; default 100. */
    public Builder maxListEntries(int maxListEntries) {
      if (maxListEntries < 1) {
        throw new IllegalArgumentException("maxListEntries must be at least 1");
      }
      this.maxListEntries = maxListEntries;
      return this;
    }

    /**
     * The largest request message accepted, in bytes; a bigger one fails with RESOURCE_EXHAUSTED.
     * Default 4 KiB: a health request is a service name of at most 1,024 bytes.
     */
    public Builder maxInboundMessageSize(int bytes) {
      if (bytes < 2048) {
        // Below this a valid 1,024-byte service name (plus framing) might not fit.
        throw new IllegalArgumentException("maxInboundMessageSize must be at least 2048 bytes");
      }
      this.maxInboundMessageSize = bytes;
      return this;
    }

    /**
     * The most Watch streams open at once, over all connections; the next one ends at once with
     * RESOURCE_EXHAUSTED. Default 10,000.
     */
    public Builder maxWatchers(int maxWatchers) {
      if (maxWatchers < 1) {
        throw new IllegalArgumentException("maxWatchers must be at least 1");
      }
      this.maxWatchers = maxWatchers;
      return this;
    }

    /**
     * The most calls (Watch streams included) one connection may have open at once, advertised as
     * HTTP/2 {@code SETTINGS_MAX_CONCURRENT_STREAMS}: well-behaved clients queue beyond it, others
     * get their stream refused. Netty only. Default 1,000.
     */
    public Builder maxStreamsPerConnection(int maxStreams) {
      if (maxStreams < 1) {
        throw new IllegalArgumentException("maxStreamsPerConnection must be at least 1");
      }
      this.maxStreamsPerConnection = maxStreams;
      return this;
    }

    /**
     * How often the server pings an idle connection to find dead clients (which would otherwise
     * hold their Watch streams forever). Netty only; grpc-java raises values under 10 s to 10 s.
     * Default 1 min.
     */
    public Builder keepaliveTime(Duration keepaliveTime) {
      this.keepaliveTime = positive(keepaliveTime, "keepaliveTime");
      return this;
    }

    /** How long a keepalive ping may go unanswered before the connection closes; default 20 s. */
    public Builder keepaliveTimeout(Duration keepaliveTimeout) {
      this.keepaliveTimeout = positive(keepaliveTimeout, "keepaliveTimeout");
      return this;
    }

    /**
     * The shortest interval at which clients may send keepalive pings while they have calls open;
     * a client that pings more often gets GOAWAY {@code ENHANCE_YOUR_CALM}. Default 30 s.
     */
    public Builder permitKeepaliveTime(Duration permitKeepaliveTime) {
      this.permitKeepaliveTime = nonNegative(permitKeepaliveTime, "permitKeepaliveTime");
      return this;
    }

    /** A connection with no call open this long is closed (GOAWAY); 0 = never. Default 5 min. */
    public Builder maxConnectionIdle(Duration maxConnectionIdle) {
      this.maxConnectionIdle = nonNegative(maxConnectionIdle, "maxConnectionIdle");
      return this;
    }

    /**
     * A connection older than this is asked to go away (GOAWAY), so that clients reconnect and
     * rebalance; 0 = never, the default.
     */
    public Builder maxConnectionAge(Duration maxConnectionAge) {
      this.maxConnectionAge = nonNegative(maxConnectionAge, "maxConnectionAge");
      return this;
    }

    /**
     * After {@link #maxConnectionAge}, how long calls in flight (Watch streams included) may go on
     * before they are cancelled with UNAVAILABLE; 0 = no limit. Default 30 s.
     */
    public Builder maxConnectionAgeGrace(Duration grace) {
      this.maxConnectionAgeGrace = nonNegative(grace, "maxConnectionAgeGrace");
      return this;
    }

    /**
     * Serves TLS only, with this certificate chain and PKCS#8 private key (PEM files). Netty
     * only. Default: plaintext.
     */
    public Builder tls(Path certChain, Path privateKey) {
      this.tlsCert = readable(certChain, "TLS certificate");
      this.tlsKey = readable(privateKey, "TLS private key");
      return this;
    }

    /**
     * How often the TLS certificate, key and client CA files are checked for changes and, if
     * changed, re-read: new connections then get the new certificate. 0 = never. Default 1 min.
     */
    public Builder tlsReloadInterval(Duration interval) {
      this.tlsReloadInterval = nonNegative(interval, "tlsReloadInterval");
      return this;
    }

    /**
     * Verifies client certificates against these CA certificates (PEM) and, by default, requires
     * one on every connection (mutual TLS). Needs {@link #tls}.
     */
    public Builder tlsClientCa(Path caCertificates) {
      this.tlsClientCa = readable(caCertificates, "TLS client CA");
      return this;
    }

    /**
     * With {@link #tlsClientCa}: accept connections without a client certificate too (those that
     * present one must still present a valid one). Use with {@link #adminRequiresClientCert} so
     * that probes need no certificate but the admin API does. Default false: required.
     */
    public Builder clientCertOptional(boolean optional) {
      this.clientCertOptional = optional;
      return this;
    }

    /**
     * Admin calls need a client certificate verified against {@link #tlsClientCa}, in addition to
     * the token. Needs {@link #tls}, {@link #tlsClientCa} and {@link #adminToken}.
     */
    public Builder adminRequiresClientCert(boolean required) {
      this.adminRequiresClientCert = required;
      return this;
    }

    /** The clock for "last changed" times; for tests. */
    Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /** The configuration in one line, for logs and tests; never includes the admin token. */
    String describe() {
      return "host=" + host + " port=" + port + " workers=" + workerThreads
          + " drainDelay=" + Durations.format(drainDelay)
          + " shutdownGrace=" + Durations.format(shutdownGrace)
          + " maxListEntries=" + maxListEntries
          + " admin=" + (adminToken != null ? "enabled" : "disabled")
          + " services=" + services
          + " maxMessageSize=" + maxInboundMessageSize
          + " maxWatchers=" + maxWatchers
          + " maxStreamsPerConnection=" + maxStreamsPerConnection
          + " keepaliveTime=" + Durations.format(keepaliveTime)
          + " keepaliveTimeout=" + Durations.format(keepaliveTimeout)
          + " permitKeepaliveTime=" + Durations.format(permitKeepaliveTime)
          + " maxConnectionIdle=" + Durations.format(maxConnectionIdle)
          + " maxConnectionAge=" + Durations.format(maxConnectionAge)
          + " maxConnectionAgeGrace=" + Durations.format(maxConnectionAgeGrace)
          + " tlsReload=" + Durations.format(tlsReloadInterval)
          + " tls=" + tlsMode()
          + " adminClientCert=" + (adminRequiresClientCert ? "required" : "no");
    }

    /** off, on, mutual (client certificate required) or mutual-optional. */
    String tlsMode() {
      return tlsCert == null ? "off"
          : tlsClientCa == null ? "on"
          : clientCertOptional ? "mutual-optional" : "mutual";
    }

    /**
     * A server with this configuration, not yet started.
     *
     * @throws IllegalArgumentException if the TLS settings do not fit together
     */
    public VitalsServer build() {
      validate();
      return new VitalsServer(this);
    }

    /** Checks the settings that depend on each other; throws with one line a person can act on. */
    void validate() {
      if (tlsClientCa != null && tlsCert == null) {
        throw new IllegalArgumentException(
            "a TLS client CA needs TLS: set the TLS certificate and key too");
      }
      if (adminRequiresClientCert && (tlsCert == null || tlsClientCa == null)) {
        throw new IllegalArgumentException("requiring a client certificate for admin calls needs "
            + "TLS with a client CA (--tls-cert, --tls-key and --tls-client-ca)");
      }
      if (adminRequiresClientCert && adminToken == null) {
        throw new IllegalArgumentException("requiring a client certificate for admin calls needs "
            + "an admin token: without one the admin API is not served");
      }
    }

    private static Path readable(Path file, String what) {
      requireNonNull(file, what);
      if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
        throw new IllegalArgumentException(what + " file " + file + " is not a readable file");
      }
      return file;
    }

    private static Duration positive(Duration duration, String name) {
      requireNonNull(duration, name);
      if (duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException(name + " must be positive");
      }
      return duration;
    }

    private static Duration nonNegative(Duration duration, String name) {
      requireNonNull(duration, name);
      if (duration.isNegative()) {
        throw new IllegalArgumentException(name + " must not be negative");
      }
      return duration;
    }
  }
}
