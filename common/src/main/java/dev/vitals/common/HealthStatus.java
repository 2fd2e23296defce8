package dev.vitals.common;

import static java.util.Objects.requireNonNull;

/**
 * A service's health, in the words of the gRPC Health Checking Protocol. Every API vitals speaks
 * maps to and from this one type through {@link StatusProtos}.
 *
 * <p>{@link #SERVICE_UNKNOWN} is what Watch reports for a name that is not registered; it is never
 * a status anyone sets ({@link #isSettable()}, {@link #parseSettable}).
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
  NOT_SERVING,
  /** Not registered; reported only by Watch (Check answers NOT_FOUND instead). */
  SERVICE_UNKNOWN;

  /** Whether a service can be given this status: every status but {@link #SERVICE_UNKNOWN}. */
  public boolean isSettable() {
    return this != SERVICE_UNKNOWN;
  }

  /**
   * Parses any status name, case-insensitively; surrounding white space is ignored.
   *
   * @throws IllegalArgumentException naming the value and the accepted names
   */
  public static HealthStatus parse(String text) {
    requireNonNull(text, "text");
    for (HealthStatus status : values()) {
      if (status.name().equalsIgnoreCase(text.trim())) {
        return status;
      }
    }
    throw new IllegalArgumentException(
        "unknown status '"
            + text
            + "' (expected SERVING, NOT_SERVING, UNKNOWN or SERVICE_UNKNOWN)");
  }

  /**
   * Parses the name of a status a service can be given, case-insensitively.
   *
   * @throws IllegalArgumentException naming the value and the accepted names, also for
   *     SERVICE_UNKNOWN
   */
  public static HealthStatus parseSettable(String text) {
    requireNonNull(text, "text");
    for (HealthStatus status : values()) {
      if (status.isSettable() && status.name().equalsIgnoreCase(text.trim())) {
        return status;
      }
    }
    throw new IllegalArgumentException(
        "unknown status '" + text + "' (expected SERVING, NOT_SERVING or UNKNOWN)");
  }
}
