package dev.vitals.server.status;

/**
 * The status a service can be given. {@code SERVICE_UNKNOWN} is not here: it is what Watch reports
 * for a name that is not registered, never a status anyone sets.
 *
 * @see <a href="https://github.com/grpc/grpc/blob/master/doc/health-checking.md">gRPC Health
 *     Checking Protocol</a>
 */
public enum HealthStatus {
  /** Registered, but the status is not known yet. */
  UNKNOWN,
  /** Ready to handle requests. */
  SERVING,
  /** Not ready to handle requests. */
  NOT_SERVING;

  /**
   * Parses a status name, case-insensitively.
   *
   * @throws IllegalArgumentException naming the accepted values if {@code text} is not one
   */
  public static HealthStatus parse(String text) {
    java.util.Objects.requireNonNull(text, "text");
    for (HealthStatus status : values()) {
      if (status.name().equalsIgnoreCase(text.trim())) {
        return status;
      }
    }
    throw new IllegalArgumentException(
        "unknown status '" + text + "' (expected SERVING, NOT_SERVING or UNKNOWN)");
  }
}
