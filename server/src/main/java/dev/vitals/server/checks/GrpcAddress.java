package dev.vitals.server.checks;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One configured address of a {@code grpc} check, read: a name to resolve ({@code host:port},
 * {@code dns:///host:port}, IP literals included) or any other gRPC target ({@code unix:/path}),
 * used as written.
 *
 * @param written the address as configured
 * @param host the name or IP literal to resolve (without brackets), or null for another target
 * @param port the port with {@code host}; 0 otherwise
 */
public record GrpcAddress(String written, @Nullable String host, int port) {
  private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:.*");
  private static final String DNS = "dns:///";

  /** Checks the fields. */
  public GrpcAddress {
    requireNonNull(written, "written");
  }

  /** Whether this address is resolved to backends (as opposed to a target used as written). */
  public boolean resolved() {
    return host != null;
  }

  /**
   * Reads {@code address}.
   *
   * @throws IllegalArgumentException with what is wrong, if it is neither {@code host:port}, {@code
   *     dns:///host:port} nor another {@code scheme:} target
   */
  public static GrpcAddress parse(String address) {
    requireNonNull(address, "address");
    if (address.isBlank()) {
      throw new IllegalArgumentException("is empty");
    }
    String hostPort;
    if (address.startsWith("dns:")) {
      if (!address.startsWith(DNS)) {
        throw new IllegalArgumentException(
            "'" + address + "' is not dns:///host:port (a DNS server cannot be named)");
      }
      hostPort = address.substring(DNS.length());
    } else if (address.startsWith("[") || !SCHEME.matcher(address).matches() || portOnly(address)) {
      hostPort = address;
    } else {
      return new GrpcAddress(address, null, 0);
    }
    int colon = hostPort.lastIndexOf(':');
    String host = colon <= 0 ? "" : hostPort.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = colon < 0 ? -1 : Integer.parseInt(hostPort.substring(colon + 1));
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port < 1 || port > 65_535 || host.isEmpty() || host.contains("/")) {
      throw new IllegalArgumentException(
          "'" + address + "' is not host:port or dns:///host:port (port 1-65535)");
    }
    return new GrpcAddress(address, host, port);
  }

  /** {@code api:8001} looks like a scheme followed by a path; it is a host and a port. */
  private static boolean portOnly(String address) {
    String rest = address.substring(address.indexOf(':') + 1);
    return !rest.isEmpty() && rest.chars().allMatch(Character::isDigit);
  }
}
