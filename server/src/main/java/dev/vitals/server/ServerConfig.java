package dev.vitals.server;

import static java.util.Objects.requireNonNull;

import dev.vitals.common.AdminTokens;
import dev.vitals.common.Durations;
import dev.vitals.common.HealthStatus;
import dev.vitals.server.checks.ChecksConfig;
import dev.vitals.server.checks.ProbeProfiles;
import dev.vitals.server.http.HttpConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The configuration of a {@link VitalsServer}, immutable and valid: {@link
 * ServerConfigBuilder#build()} copies the settings here, and nothing reads the builder afterwards.
 *
 * @param host the address to bind
 * @param port the port to bind, 0 for any free port
 * @param workerThreads event-loop threads that serve connections and run the handlers
 * @param drainDelay how long to keep answering, NOT_SERVING, after a drain starts
 * @param shutdownGrace how long to wait for calls in flight once stopping
 * @param adminToken the admin token, or null when the admin API is not served
 * @param allowShortAdminToken whether a token shorter than {@link AdminTokens#MIN_LENGTH} bytes is
 *     accepted (for tests)
 * @param inProcessName the in-process transport name, or null for Netty
 * @param maxListEntries the most services List returns
 * @param maxInboundMessageSize the largest request message accepted, in bytes
 * @param maxWatchers the most Watch streams open at once
 * @param maxStreamsPerConnection the most calls open at once on one connection
 * @param keepaliveTime how often an idle connection is pinged
 * @param keepaliveTimeout how long a ping may go unanswered
 * @param handshakeTimeout how long a new connection has for TLS, the HTTP/2 preface and the
 *     client's first SETTINGS
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
 * @param services the initial statuses, in the order given; for a service derived from checks, a
 *     manual override of it
 * @param http the HTTP endpoint's settings ({@link HttpConfig#DISABLED} for none)
 * @param checks the checks to run and the services derived from them
 */
public record ServerConfig(
    String host,
    int port,
    int workerThreads,
    Duration drainDelay,
    Duration shutdownGrace,
    @Nullable String adminToken,
    boolean allowShortAdminToken,
    @Nullable String inProcessName,
    int maxListEntries,
    int maxInboundMessageSize,
    int maxWatchers,
    int maxStreamsPerConnection,
    Duration keepaliveTime,
    Duration keepaliveTimeout,
    Duration handshakeTimeout,
    Duration permitKeepaliveTime,
    Duration maxConnectionIdle,
    Duration maxConnectionAge,
    Duration maxConnectionAgeGrace,
    @Nullable Path tlsCert,
    @Nullable Path tlsKey,
    @Nullable Path tlsClientCa,
    boolean clientCertOptional,
    boolean adminRequiresClientCert,
    Duration tlsReloadInterval,
    Clock clock,
    Map<String, HealthStatus> services,
    HttpConfig http,
    ChecksConfig checks) {

  /**
   * Checks how the settings fit together and copies {@code services}, so that every configuration
   * is valid and immutable.
   *
   * @throws IllegalArgumentException with one line a person can act on if the settings do not fit
   *     together (TLS certificate without key, client CA without TLS, ...), a TLS file cannot be
   *     read, or the admin token is too weak ({@link AdminTokens#requireStrong})
   */
  public ServerConfig {
    requireNonNull(host, "host");
    requireNonNull(clock, "clock");
    requireNonNull(checks, "checks");
    requireNonNull(http, "http");
    services = Collections.unmodifiableMap(new LinkedHashMap<>(services));
    validate(tlsCert, tlsKey, tlsClientCa, adminRequiresClientCert, adminToken);
    if (adminToken != null) {
      AdminTokens.requireStrong(adminToken, allowShortAdminToken);
    }
    if (services.containsKey(ProbeProfiles.READINESS)) {
      throw new IllegalArgumentException(
          "--service readiness: the readiness profile follows \"\" (the whole server); "
              + "set \"\" instead");
    }
  }

  /**
   * A builder with the defaults: 0.0.0.0:8001, one worker per available processor, 3 s drain delay,
   * 5 s grace.
   */
  public static ServerConfigBuilder builder() {
    return new ServerConfigBuilder();
  }

  /** off, on, mutual (client certificate required) or mutual-optional. */
  public String tlsMode() {
    return tlsCert == null
        ? "off"
        : tlsClientCa == null ? "on" : clientCertOptional ? "mutual-optional" : "mutual";
  }

  /** What the ready line says about the admin API. */
  public String adminMode() {
    return adminToken == null
        ? "disabled: no token configured"
        : adminRequiresClientCert ? "enabled, client certificate required" : "enabled";
  }

  /** The configuration in one line, for logs; never includes the admin token. */
  public String describe() {
    return "host="
        + host
        + " port="
        + port
        + " workers="
        + workerThreads
        + " drainDelay="
        + Durations.format(drainDelay)
        + " shutdownGrace="
        + Durations.format(shutdownGrace)
        + " maxListEntries="
        + maxListEntries
        + " admin="
        + (adminToken != null ? "enabled" : "disabled")
        + " services="
        + services
        + " checks="
        + checks.checks().keySet()
        + " derived="
        + checks.services().keySet()
        + " maxMessageSize="
        + maxInboundMessageSize
        + " maxWatchers="
        + maxWatchers
        + " maxStreamsPerConnection="
        + maxStreamsPerConnection
        + " keepaliveTime="
        + Durations.format(keepaliveTime)
        + " keepaliveTimeout="
        + Durations.format(keepaliveTimeout)
        + " handshakeTimeout="
        + Durations.format(handshakeTimeout)
        + " permitKeepaliveTime="
        + Durations.format(permitKeepaliveTime)
        + " maxConnectionIdle="
        + Durations.format(maxConnectionIdle)
        + " maxConnectionAge="
        + Durations.format(maxConnectionAge)
        + " maxConnectionAgeGrace="
        + Durations.format(maxConnectionAgeGrace)
        + " tlsReload="
        + Durations.format(tlsReloadInterval)
        + " tls="
        + tlsMode()
        + " adminClientCert="
        + (adminRequiresClientCert ? "required" : "no")
        + " "
        + http.describe();
  }

  /** Never shows the admin token. */
  @Override
  public String toString() {
    return "ServerConfig[" + describe() + "]";
  }

  /** The one place for the rules between settings; messages name the command-line flags. */
  private static void validate(
      @Nullable Path tlsCert,
      @Nullable Path tlsKey,
      @Nullable Path tlsClientCa,
      boolean adminRequiresClientCert,
      @Nullable String adminToken) {
    if ((tlsCert == null) != (tlsKey == null)) {
      throw new IllegalArgumentException(
          "--tls-cert and --tls-key go together: set both or neither");
    }
    if (tlsCert != null) {
      readable(tlsCert, "TLS certificate");
      readable(tlsKey, "TLS private key");
    }
    if (tlsClientCa != null && tlsCert == null) {
      throw new IllegalArgumentException(
          "--tls-client-ca needs --tls-cert and --tls-key: " + "a TLS client CA needs TLS");
    }
    if (adminRequiresClientCert && (tlsCert == null || tlsClientCa == null)) {
      throw new IllegalArgumentException(
          "--admin-require-client-cert needs TLS with a client "
              + "CA: set --tls-cert, --tls-key and --tls-client-ca");
    }
    if (tlsClientCa != null) {
      readable(tlsClientCa, "TLS client CA");
    }
    if (adminRequiresClientCert && adminToken == null) {
      throw new IllegalArgumentException(
          "requiring a client certificate for admin calls needs "
              + "an admin token: without one the admin API is not served");
    }
  }

  private static void readable(Path file, String what) {
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new IllegalArgumentException(what + " file " + file + " is not a readable file");
    }
  }
}
