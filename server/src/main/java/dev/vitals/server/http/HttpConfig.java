package dev.vitals.server.http;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The settings of the HTTP endpoint ({@code /livez}, {@code /readyz}, {@code /health}, {@code
 * /metrics}, the status page), immutable and checked.
 *
 * @param port the port to bind, 0 for any free port, {@link #DISABLED_PORT} for no HTTP endpoint
 * @param host the address to bind, or {@code null} for the gRPC port's address
 * @param showDetails whether check outputs and failure reasons appear in responses
 * @param maxConnections the most HTTP connections open at once (event streams included); more are
 *     answered 503 and closed
 * @param requestTimeout how long a client has to send a whole request (head and body), from the
 *     connection's start or the end of the previous response
 * @param idleTimeout how long a kept-alive connection may wait for its next request
 */
public record HttpConfig(
    int port,
    @Nullable String host,
    ShowDetails showDetails,
    int maxConnections,
    Duration requestTimeout,
    Duration idleTimeout) {

  /** The port that means "no HTTP endpoint". */
  public static final int DISABLED_PORT = -1;

  /** The port the command line uses when none is given. */
  public static final int DEFAULT_PORT = 8081;

  /** No HTTP endpoint: the default of {@code ServerConfig.builder()} (the CLI's is 8081). */
  public static final HttpConfig DISABLED =
      new HttpConfig(
          DISABLED_PORT,
          null,
          ShowDetails.ALWAYS,
          100,
          Duration.ofSeconds(10),
          Duration.ofMinutes(1));

  /** Whether check outputs and failure reasons may appear in HTTP responses. */
  public enum ShowDetails {
    /** Outputs and reasons appear (the default: the port is meant for the pod network). */
    ALWAYS,
    /** Statuses only: for an HTTP port exposed beyond the pod network. */
    NEVER;

    /**
     * Parses {@code always} or {@code never}, case-insensitively.
     *
     * @throws IllegalArgumentException naming the accepted values otherwise
     */
    public static ShowDetails parse(String text) {
      requireNonNull(text, "text");
      for (ShowDetails value : values()) {
        if (value.name().equalsIgnoreCase(text.trim())) {
          return value;
        }
      }
      throw new IllegalArgumentException(
          "unknown value '" + text + "' for --http-show-details (expected always or never)");
    }

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Checks the ranges. */
  public HttpConfig {
    if (port < DISABLED_PORT || port > 65535) {
      throw new IllegalArgumentException(
          "--http-port " + port + " is out of range: 0-65535, or -1 to disable");
    }
    requireNonNull(showDetails, "showDetails");
    if (maxConnections < 1) {
      throw new IllegalArgumentException("--http-max-connections must be at least 1");
    }
    positive(requestTimeout, "--http-request-timeout");
    positive(idleTimeout, "--http-idle-timeout");
  }

  /** Settings with these port and host and the other defaults. */
  public static HttpConfig of(int port, @Nullable String host) {
    return new HttpConfig(
        port,
        host,
        DISABLED.showDetails,
        DISABLED.maxConnections,
        DISABLED.requestTimeout,
        DISABLED.idleTimeout);
  }

  /** Whether an HTTP endpoint is served at all. */
  public boolean enabled() {
    return port != DISABLED_PORT;
  }

  /** The address to bind: {@link #host} or, if unset, {@code grpcHost}. */
  public String bindHost(String grpcHost) {
    return host != null ? host : grpcHost;
  }

  /** The settings in one line, for the configuration log line. */
  public String describe() {
    if (!enabled()) {
      return "http=off";
    }
    return "http="
        + (host != null ? host : "(gRPC host)")
        + ":"
        + port
        + " httpShowDetails="
        + showDetails
        + " httpMaxConnections="
        + maxConnections
        + " httpRequestTimeout="
        + requestTimeout.toMillis()
        + "ms httpIdleTimeout="
        + idleTimeout.toMillis()
        + "ms";
  }

  private static void positive(Duration duration, String name) {
    requireNonNull(duration, name);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
  }
}
