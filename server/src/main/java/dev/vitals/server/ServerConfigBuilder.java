package dev.vitals.server;

import static java.util.Objects.requireNonNull;

import dev.vitals.common.AdminAuthorization;
import dev.vitals.common.HealthStatus;
import dev.vitals.server.checks.ChecksConfig;
import dev.vitals.server.http.HttpConfig;
import dev.vitals.server.status.ServiceNames;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Collects the settings of a {@link ServerConfig}; every setting has a default. Each setter checks
 * its own value; {@link #build} copies them into the record, which checks how they fit together.
 */
public final class ServerConfigBuilder {
  private String host = "0.0.0.0";
  private int port = 8001;
  // One event loop per processor: the handlers never block, and more loops than cores only
  // add context switches (5 loops on one core served a tenth of the Checks of 1 loop).
  private int workerThreads = Runtime.getRuntime().availableProcessors();
  private Duration drainDelay = Duration.ofSeconds(3);
  private Duration shutdownGrace = Duration.ofSeconds(5);
  private @Nullable String adminToken;
  private boolean allowShortAdminToken;
  private @Nullable String inProcessName;
  private int maxListEntries = 100;
  private int maxInboundMessageSize = 4 * 1024;
  private int maxWatchers = 10_000;
  private int maxStreamsPerConnection = 1_000;
  private Duration keepaliveTime = Duration.ofMinutes(1);
  private Duration keepaliveTimeout = Duration.ofSeconds(20);
  private Duration handshakeTimeout = Duration.ofSeconds(10);
  private Duration permitKeepaliveTime = Duration.ofSeconds(30);
  private Duration maxConnectionIdle = Duration.ofMinutes(5);
  private Duration maxConnectionAge = Duration.ZERO;
  private Duration maxConnectionAgeGrace = Duration.ofSeconds(30);
  private @Nullable Path tlsCert;
  private @Nullable Path tlsKey;
  private @Nullable Path tlsClientCa;
  private boolean clientCertOptional;
  private boolean adminRequiresClientCert;
  private Duration tlsReloadInterval = Duration.ofMinutes(1);
  private Clock clock = Clock.systemUTC();
  private final Map<String, HealthStatus> services = new LinkedHashMap<>();
  private ChecksConfig checks = ChecksConfig.EMPTY;
  private HttpConfig http = HttpConfig.DISABLED;

  ServerConfigBuilder() {}

  /** The address to bind; default {@code 0.0.0.0}. */
  public ServerConfigBuilder host(String host) {
    this.host = requireNonNull(host, "host");
    return this;
  }

  /** The port to bind, 0 for any free port; default 8001. */
  public ServerConfigBuilder port(int port) {
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
  public ServerConfigBuilder workerThreads(int workerThreads) {
    if (workerThreads < 1 || workerThreads > 1024) {
      throw new IllegalArgumentException(
          "worker threads " + workerThreads + " is out of range 1-1024");
    }
    this.workerThreads = workerThreads;
    return this;
  }

  /** An initial status; {@code ""} is the whole server. Repeat for several services. */
  public ServerConfigBuilder service(String name, HealthStatus status) {
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
  public ServerConfigBuilder drainDelay(Duration drainDelay) {
    this.drainDelay = nonNegative(drainDelay, "drainDelay");
    return this;
  }

  /** How long to wait for calls in flight once stopping, before cancelling them; default 5 s. */
  public ServerConfigBuilder shutdownGrace(Duration shutdownGrace) {
    this.shutdownGrace = nonNegative(shutdownGrace, "shutdownGrace");
    return this;
  }

  /**
   * Enables the admin API, which then needs {@code authorization: Bearer <token>}.
   *
   * @throws IllegalArgumentException if the token is blank or not printable ASCII
   */
  public ServerConfigBuilder adminToken(String adminToken) {
    this.adminToken = AdminAuthorization.checkToken(requireNonNull(adminToken, "adminToken"));
    return this;
  }

  /** Serves on grpc-java's in-process transport under {@code name} instead of Netty. */
  public ServerConfigBuilder inProcess(String name) {
    this.inProcessName = requireNonNull(name, "name");
    return this;
  }

  /** The most services List returns before failing with RESOURCE_EXHAUSTED; default 100. */
  public ServerConfigBuilder maxListEntries(int maxListEntries) {
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
  public ServerConfigBuilder maxInboundMessageSize(int bytes) {
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
  public ServerConfigBuilder maxWatchers(int maxWatchers) {
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
  public ServerConfigBuilder maxStreamsPerConnection(int maxStreams) {
    if (maxStreams < 1) {
      throw new IllegalArgumentException("maxStreamsPerConnection must be at least 1");
    }
    this.maxStreamsPerConnection = maxStreams;
    return this;
  }

  /**
   * How often the server pings an idle connection to find dead clients (which would otherwise hold
   * their Watch streams forever). Netty only; grpc-java raises values under 10 s to 10 s. Default 1
   * min.
   */
  public ServerConfigBuilder keepaliveTime(Duration keepaliveTime) {
    this.keepaliveTime = positive(keepaliveTime, "keepaliveTime");
    return this;
  }

  /**
   * How long a keepalive ping may go unanswered before the connection's calls are cancelled and it
   * is closed; default 20 s.
   */
  public ServerConfigBuilder keepaliveTimeout(Duration keepaliveTimeout) {
    this.keepaliveTimeout = positive(keepaliveTimeout, "keepaliveTimeout");
    return this;
  }

  /**
   * How long a new connection has to complete its handshake (TLS, if on, then the HTTP/2 preface
   * and the client's first SETTINGS) before it is closed: half-open and slowloris connections.
   * Netty only; default 10 s (grpc-java's own default is 2 minutes).
   */
  public ServerConfigBuilder handshakeTimeout(Duration handshakeTimeout) {
    this.handshakeTimeout = positive(handshakeTimeout, "handshakeTimeout");
    return this;
  }

  /**
   * The shortest interval at which clients may send keepalive pings while they have calls open; a
   * client that pings more often gets GOAWAY {@code ENHANCE_YOUR_CALM}. Default 30 s.
   */
  public ServerConfigBuilder permitKeepaliveTime(Duration permitKeepaliveTime) {
    this.permitKeepaliveTime = nonNegative(permitKeepaliveTime, "permitKeepaliveTime");
    return this;
  }

  /** A connection with no call open this long is closed (GOAWAY); 0 = never. Default 5 min. */
  public ServerConfigBuilder maxConnectionIdle(Duration maxConnectionIdle) {
    this.maxConnectionIdle = nonNegative(maxConnectionIdle, "maxConnectionIdle");
    return this;
  }

  /**
   * A connection older than this is asked to go away (GOAWAY), so that clients reconnect and
   * rebalance; 0 = never, the default.
   */
  public ServerConfigBuilder maxConnectionAge(Duration maxConnectionAge) {
    this.maxConnectionAge = nonNegative(maxConnectionAge, "maxConnectionAge");
    return this;
  }

  /**
   * After {@link #maxConnectionAge}, how long calls in flight (Watch streams included) may go on
   * before they are cancelled with UNAVAILABLE; 0 = no limit. Default 30 s.
   */
  public ServerConfigBuilder maxConnectionAgeGrace(Duration grace) {
    this.maxConnectionAgeGrace = nonNegative(grace, "maxConnectionAgeGrace");
    return this;
  }

  /**
   * Serves TLS only, with this certificate chain and PKCS#8 private key (PEM files). Netty only.
   * Default: plaintext.
   */
  public ServerConfigBuilder tls(Path certChain, Path privateKey) {
    tlsCertificate(requireNonNull(certChain, "TLS certificate"));
    return tlsKey(requireNonNull(privateKey, "TLS private key"));
  }

  /** The TLS certificate chain (PEM) alone; {@link #build} needs {@link #tlsKey} with it. */
  public ServerConfigBuilder tlsCertificate(Path certChain) {
    this.tlsCert = requireNonNull(certChain, "certChain");
    return this;
  }

  /** The TLS private key (PKCS#8 PEM) alone; {@link #build} needs {@link #tlsCertificate}. */
  public ServerConfigBuilder tlsKey(Path privateKey) {
    this.tlsKey = requireNonNull(privateKey, "privateKey");
    return this;
  }

  /**
   * How often the TLS certificate, key and client CA files are checked for changes and, if changed,
   * re-read: new connections then get the new certificate. 0 = never. Default 1 min.
   */
  public ServerConfigBuilder tlsReloadInterval(Duration interval) {
    this.tlsReloadInterval = nonNegative(interval, "tlsReloadInterval");
    return this;
  }

  /**
   * Verifies client certificates against these CA certificates (PEM) and, by default, requires one
   * on every connection (mutual TLS). Needs {@link #tls}.
   */
  public ServerConfigBuilder tlsClientCa(Path caCertificates) {
    this.tlsClientCa = requireNonNull(caCertificates, "TLS client CA");
    return this;
  }

  /**
   * With {@link #tlsClientCa}: accept connections without a client certificate too (those that
   * present one must still present a valid one). Use with {@link #adminRequiresClientCert} so that
   * probes need no certificate but the admin API does. Default false: required.
   */
  public ServerConfigBuilder clientCertOptional(boolean optional) {
    this.clientCertOptional = optional;
    return this;
  }

  /**
   * Accept an admin token shorter than {@link dev.vitals.common.AdminTokens#MIN_LENGTH} bytes; for
   * tests only. Default false: {@link #build} refuses a short token (and always the placeholder of
   * {@code vitals.env.example}).
   */
  public ServerConfigBuilder allowShortAdminToken(boolean allow) {
    this.allowShortAdminToken = allow;
    return this;
  }

  /**
   * Admin calls need a client certificate verified against {@link #tlsClientCa}, in addition to the
   * token. Needs {@link #tls}, {@link #tlsClientCa} and {@link #adminToken}.
   */
  public ServerConfigBuilder adminRequiresClientCert(boolean required) {
    this.adminRequiresClientCert = required;
    return this;
  }

  /**
   * The HTTP endpoint ({@code /livez}, {@code /readyz}, {@code /health}, {@code /metrics}, the
   * status page). Default {@link HttpConfig#DISABLED}: a server built in code serves gRPC only
   * unless asked (the command line's default is port 8081).
   */
  public ServerConfigBuilder http(HttpConfig http) {
    this.http = requireNonNull(http, "http");
    return this;
  }

  /** The clock for "last changed" times; for tests. */
  public ServerConfigBuilder clock(Clock clock) {
    this.clock = requireNonNull(clock, "clock");
    return this;
  }

  /**
   * The checks to run and the services derived from them (the {@code --config} file); default none.
   * An initial status ({@link #service}) for a derived service is a manual override of it.
   */
  public ServerConfigBuilder checks(ChecksConfig checks) {
    this.checks = requireNonNull(checks, "checks");
    return this;
  }

  /**
   * The configuration, validated and copied: later changes to this builder do not affect it.
   *
   * @throws IllegalArgumentException with one line a person can act on if the settings do not fit
   *     together (TLS certificate without key, client CA without TLS, ...) or a TLS file cannot be
   *     read
   */
  public ServerConfig build() {
    return new ServerConfig(
        host,
        port,
        workerThreads,
        drainDelay,
        shutdownGrace,
        adminToken,
        allowShortAdminToken,
        inProcessName,
        maxListEntries,
        maxInboundMessageSize,
        maxWatchers,
        maxStreamsPerConnection,
        keepaliveTime,
        keepaliveTimeout,
        handshakeTimeout,
        permitKeepaliveTime,
        maxConnectionIdle,
        maxConnectionAge,
        maxConnectionAgeGrace,
        tlsCert,
        tlsKey,
        tlsClientCa,
        clientCertOptional,
        adminRequiresClientCert,
        tlsReloadInterval,
        clock,
        services,
        http,
        checks);
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
