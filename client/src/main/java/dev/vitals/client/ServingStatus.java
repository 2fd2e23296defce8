package dev.vitals.client;

/**
 * A service's health as reported by the gRPC Health Checking Protocol.
 *
 * @see <a href="https://github.com/grpc/grpc/blob/master/doc/health-checking.md">gRPC Health Checking Protocol</a>
 */
public enum ServingStatus {
  /** The server knows the service but not its status yet. */
  UNKNOWN,
  /** The service is ready to handle requests. */
  SERVING,
  /** The service is not ready to handle requests. */
  NOT_SERVING,
  /** The service is not registered; reported only by Watch (Check answers NOT_FOUND instead). */
  SERVICE_UNKNOWN;

  /**
   * Parses a status name, case-insensitively.
   *
   * @throws IllegalArgumentException naming the accepted values if {@code text} is not one
   */
  public static ServingStatus parse(String text) {
    java.util.Objects.requireNonNull(text, "text");
    for (ServingStatus status : values()) {
      if (status.name().equalsIgnoreCase(text.trim())) {
        return status;
      }
    }
    throw new IllegalArgumentException("unknown status '" + text
        + "' (expected SERVING, NOT_SERVING, UNKNOWN or SERVICE_UNKNOWN)");
  }

  static ServingStatus fromV1(dev.vitals.api.health.v1.HealthCheckResponse.ServingStatus status) {
    switch (status) {
      case SERVING: return SERVING;
      case NOT_SERVING: return NOT_SERVING;
      case SERVICE_UNKNOWN: return SERVICE_UNKNOWN;
      default: return UNKNOWN; // UNKNOWN, and values newer than this client (UNRECOGNIZED)
    }
  }

  static ServingStatus fromLegacy(dev.vitals.api.legacy.HealthCheckResponse.ServingStatus status) {
    switch (status) {
      case SERVING: return SERVING;
      case NOT_SERVING: return NOT_SERVING;
      default: return UNKNOWN;
    }
  }

  static ServingStatus fromAdmin(dev.vitals.api.admin.v1.ServingStatus status) {
    switch (status) {
      case SERVING: return SERVING;
      case NOT_SERVING: return NOT_SERVING;
      default: return UNKNOWN;
    }
  }

  dev.vitals.api.admin.v1.ServingStatus toAdmin() {
    switch (this) {
      case SERVING: return dev.vitals.api.admin.v1.ServingStatus.SERVING;
      case NOT_SERVING: return dev.vitals.api.admin.v1.ServingStatus.NOT_SERVING;
      case UNKNOWN: return dev.vitals.api.admin.v1.ServingStatus.UNKNOWN;
      default:
        throw new IllegalArgumentException(
            "SERVICE_UNKNOWN cannot be set; clear the service instead");
    }
  }
}
