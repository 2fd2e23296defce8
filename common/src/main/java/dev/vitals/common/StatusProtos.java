package dev.vitals.common;

import static java.util.Objects.requireNonNull;

/**
 * {@link HealthStatus} to and from the enums of the three APIs vitals serves: the standard {@code
 * grpc.health.v1}, the original package-less {@code Health} API, and the vitals admin API.
 *
 * <p>Readers are lenient: a value newer than this code ({@code UNRECOGNIZED}) reads as {@link
 * HealthStatus#UNKNOWN}, so an old client keeps working against a newer server. A server that must
 * refuse such a value uses {@link #fromAdminNumber}.
 *
 * @see <a href="https://github.com/grpc/grpc/blob/master/doc/health-checking.md">gRPC Health
 *     Checking Protocol</a>
 */
public final class StatusProtos {
  private StatusProtos() {}

  /** The grpc.health.v1 value: the same four statuses. */
  public static dev.vitals.api.health.v1.HealthCheckResponse.ServingStatus toV1(
      HealthStatus status) {
    return switch (requireNonNull(status, "status")) {
      case SERVING -> dev.vitals.api.health.v1.HealthCheckResponse.ServingStatus.SERVING;
      case NOT_SERVING -> dev.vitals.api.health.v1.HealthCheckResponse.ServingStatus.NOT_SERVING;
      case SERVICE_UNKNOWN ->
          dev.vitals.api.health.v1.HealthCheckResponse.ServingStatus.SERVICE_UNKNOWN;
      default -> dev.vitals.api.health.v1.HealthCheckResponse.ServingStatus.UNKNOWN;
    };
  }

  /** Reads a grpc.health.v1 value; UNRECOGNIZED is UNKNOWN. */
  public static HealthStatus fromV1(
      dev.vitals.api.health.v1.HealthCheckResponse.ServingStatus status) {
    return switch (requireNonNull(status, "status")) {
      case SERVING -> HealthStatus.SERVING;
      case NOT_SERVING -> HealthStatus.NOT_SERVING;
      case SERVICE_UNKNOWN -> HealthStatus.SERVICE_UNKNOWN;
      default -> HealthStatus.UNKNOWN;
    };
  }

  /**
   * The original API's value. It has no SERVICE_UNKNOWN: a name that is not registered is answered
   * UNKNOWN there, so SERVICE_UNKNOWN maps to UNKNOWN.
   */
  public static dev.vitals.api.legacy.HealthCheckResponse.ServingStatus toLegacy(
      HealthStatus status) {
    return switch (requireNonNull(status, "status")) {
      case SERVING -> dev.vitals.api.legacy.HealthCheckResponse.ServingStatus.SERVING;
      case NOT_SERVING -> dev.vitals.api.legacy.HealthCheckResponse.ServingStatus.NOT_SERVING;
      default -> dev.vitals.api.legacy.HealthCheckResponse.ServingStatus.UNKNOWN;
    };
  }

  /** Reads the original API's value; UNRECOGNIZED is UNKNOWN. */
  public static HealthStatus fromLegacy(
      dev.vitals.api.legacy.HealthCheckResponse.ServingStatus status) {
    return switch (requireNonNull(status, "status")) {
      case SERVING -> HealthStatus.SERVING;
      case NOT_SERVING -> HealthStatus.NOT_SERVING;
      default -> HealthStatus.UNKNOWN;
    };
  }

  /**
   * The admin API's value for a status that can be set.
   *
   * @throws IllegalArgumentException for SERVICE_UNKNOWN, which only clearing a service produces
   */
  public static dev.vitals.api.admin.v1.ServingStatus toAdmin(HealthStatus status) {
    return switch (requireNonNull(status, "status")) {
      case SERVING -> dev.vitals.api.admin.v1.ServingStatus.SERVING;
      case NOT_SERVING -> dev.vitals.api.admin.v1.ServingStatus.NOT_SERVING;
      case UNKNOWN -> dev.vitals.api.admin.v1.ServingStatus.UNKNOWN;
      default ->
          throw new IllegalArgumentException(
              "SERVICE_UNKNOWN cannot be set; clear the service instead");
    };
  }

  /** Reads the admin API's value; UNRECOGNIZED is UNKNOWN. */
  public static HealthStatus fromAdmin(dev.vitals.api.admin.v1.ServingStatus status) {
    return switch (requireNonNull(status, "status")) {
      case SERVING -> HealthStatus.SERVING;
      case NOT_SERVING -> HealthStatus.NOT_SERVING;
      default -> HealthStatus.UNKNOWN;
    };
  }

  /**
   * Reads the admin API's value by its wire number, strictly: for a server that refuses values it
   * does not know ({@code request.getStatusValue()}).
   *
   * @throws IllegalArgumentException saying the number and the accepted ones
   */
  public static HealthStatus fromAdminNumber(int number) {
    dev.vitals.api.admin.v1.ServingStatus status =
        dev.vitals.api.admin.v1.ServingStatus.forNumber(number);
    if (status == null) {
      throw new IllegalArgumentException(
          "unknown status number " + number + " (expected UNKNOWN=0, SERVING=1 or NOT_SERVING=2)");
    }
    return fromAdmin(status);
  }
}
