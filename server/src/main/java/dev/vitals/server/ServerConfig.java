package dev.vitals.server;

import static java.util.Objects.requireNonNull;

import dev.vitals.server.status.HealthStatus;
import dev.vitals.server.status.ServiceNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The configuration of a {@link VitalsServer}, immutable: {@link Builder#build()} validates the
 * settings and copies them here, and nothing reads the builder afterwards.
 *
 * @param host the address to bind
 * @param port the port to bind, 0 for any free port
 * @param workerThreads event-loop threads that serve connections and run the handlers
 * @param drainDelay how long to keep answering, NOT_SERVING, after a drain starts
 * @param shutdownGrace how long to wait for calls in flight once stopping
 * @param adminToken the admin token, or null when the admin API is not served
 * @param inProcessName the in-process transport name, or null for Netty
 * @param maxListEntries the most services List returns
 * @param maxInboundMessageSize the largest request message accepted, in bytes
 * @param maxWatchers the most Watch streams open at once
 * @param maxStreamsPerConnection the most calls open at once on one connection
 * @param keepaliveTime how often an idle connection is pinged
 * @param keepaliveTimeout how long a ping may go unanswered
 * @param permitKeepaliveTime the shortest interval at which clients may ping
 * @param maxConnectionIdle an idle connection is closed after this; zero = never
 * @param maxConnectionAge a connection is asked to go away after this; zero = never
 * @param maxConnectionAgeGrace calls after the max age are cancelled after this; zero = never
 * @param tlsCert the TLS certificate chain, or null for plaintext
 * @param tlsKey the TLS private key, or null for plaintext
 * @param tlsClientCa the CA that client certificates are verified against, or null
 * @param clientCertOptional whether a client certificate may be omitted
 * @param adminRequiresClientCert whether admin calls need a client certificate
 * @param tlsReloadInterval how often the TLS files are checked for changes; zero = never
 * @param clock the clock for "last changed" times
 * @param services the initial statuses, in the order given
 */
public record ServerConfig(
    String host,
    int port,
    int workerThreads,
    Duration drainDelay,
    Duration shutdownGrace,
    String adminToken,
    String inProcessName,
    int maxListEntries,
    int maxInboundMessageSize,
    int maxWatchers,
    int maxStreamsPerConnection,
    Duration keepaliveTime,
    Duration keepaliveTimeout,
    Duration permitKeepaliveTime,
    Duration maxConnectionIdle,
    Duration maxConnectionAge,
    Duration maxConnectionAgeGrace,
    Path tlsCert,
    Path tlsKey,
    Path tlsClientCa,
    boolean clientCertOptional,
    boolean adminRequiresClientCert,
    Duration tlsReloadInterval,
    Clock clock,
    Map<String, HealthStatus> services) {

  /** Copies {@code services}, so that the record stays immutable. */
  public ServerConfig {
    services = Collections.unmodifiableMap(new LinkedHashMap<>(services));
  }

  /**
   * A builder with the defaults: 0.0.0.0:8001, one worker per available processor, 3 s drain
   * delay, 5 s grace.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** off, on, mutual (client certificate required) or mutual-optional. */
  public String tlsMode() {
    return tlsCert == null ? "off"
        : tlsClientCa == null ? "on"
        : clientCertOptional ? "mutual-optional" : "mutual";
  }

  /** What the ready line says about the admin API. */
  public String adminMode() {
    return adminToken == null ? "disabled: no token configured"
        : adminRequiresClientCert ? "enabled, client certificate required" : "enabled";
  }

  /** The configuration in one line, for logs; never includes the admin token. */
  public String describe() {
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

  /** Never shows the admin token. */
  @Override
  public String toString() {
    return "ServerConfig[" + describe() + "]";
  }

  /** Collects the settings of a {@link ServerConfig}. Every setting has a default. */
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
      tlsCertificate(requireNonNull(certChain, "TLS certificate"));
      return tlsKey(requireNonNull(privateKey, "TLS private key"));
    }

    /** The TLS certificate chain (PEM) alone; {@link #build} needs {@link #tlsKey} with it. */
    public Builder tlsCertificate(Path certChain) {
      this.tlsCert = certChain;
      return this;
    }

    /** The TLS private key (PKCS#8 PEM) alone; {@link #build} needs {@link #tlsCertificate}. */
    public Builder tlsKey(Path privateKey) {
      this.tlsKey = privateKey;
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
      this.tlsClientCa = requireNonNull(caCertificates, "TLS client CA");
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
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The configuration, validated and copied: later changes to this builder do not affect it.
     *
     * @throws IllegalArgumentException with one line a person can act on if the settings do not
     *     fit together (TLS certificate without key, client CA without TLS, ...) or a TLS file
     *     cannot be read
     */
    public ServerConfig build() {
      validate();
      return new ServerConfig(host, port, workerThreads, drainDelay, shutdownGrace, adminToken,
          inProcessName, maxListEntries, maxInboundMessageSize, maxWatchers,
          maxStreamsPerConnection, keepaliveTime, keepaliveTimeout, permitKeepaliveTime,
          maxConnectionIdle, maxConnectionAge, maxConnectionAgeGrace, tlsCert, tlsKey,
          tlsClientCa, clientCertOptional, adminRequiresClientCert, tlsReloadInterval, clock,
          services);
    }

    /** The one place for the rules between settings; messages name the command-line flags. */
    private void validate() {
      if ((tlsCert == null) != (tlsKey == null)) {
        throw new IllegalArgumentException(
            "--tls-cert and --tls-key go together: set both or neither");
      }
      if (tlsCert != null) {
        readable(tlsCert, "TLS certificate");
        readable(tlsKey, "TLS private key");
      }
      if (tlsClientCa != null && tlsCert == null) {
        throw new IllegalArgumentException("--tls-client-ca needs --tls-cert and --tls-key: "
            + "a TLS client CA needs TLS");
      }
      if (adminRequiresClientCert && (tlsCert == null || tlsClientCa == null)) {
        throw new IllegalArgumentException("--admin-require-client-cert needs TLS with a client "
            + "CA: set --tls-cert, --tls-key and --tls-client-ca");
      }
      if (tlsClientCa != null) {
        readable(tlsClientCa, "TLS client CA");
      }
      if (adminRequiresClientCert && adminToken == null) {
        throw new IllegalArgumentException("requiring a client certificate for admin calls needs "
            + "an admin token: without one the admin API is not served");
      }
    }

    private static void readable(Path file, String what) {
      if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
        throw new IllegalArgumentException(what + " file " + file + " is not a readable file");
      }
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
