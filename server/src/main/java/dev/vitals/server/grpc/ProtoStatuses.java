package dev.vitals.server.grpc;

import dev.vitals.api.admin.v1.ServingStatus;
import dev.vitals.server.status.HealthStatus;

/**
 * The one mapping between {@link HealthStatus} and the protocol's status enums: grpc.health.v1, the
 * original {@code /Health/check}, and the admin API. The health answers are built once here, so
 * that Check returns a constant (which {@link SerializedResponses} sends as cached bytes).
 */
final class ProtoStatuses {
  private static final dev.vitals.api.health.v1.HealthCheckResponse V1_UNKNOWN =
      v1(dev.vitals.api.health.v1.HealthCheckResponse.ServingStatus.UNKNOWN);
  private static final dev.vitals.api.health.v1.HealthCheckResponse V1_SERVING =
      v1(dev.vitals.api.health.v1.HealthCheckResponse.ServingStatus.SERVING);
  private static final dev.vitals.api.health.v1.HealthCheckResponse V1_NOT_SERVING =
      v1(dev.vitals.api.health.v1.HealthCheckResponse.ServingStatus.NOT_SERVING);
  private static final dev.vitals.api.health.v1.HealthCheckResponse V1_SERVICE_UNKNOWN =
      v1(dev.vitals.api.health.v1.HealthCheckResponse.ServingStatus.SERVICE_UNKNOWN);

  /** Every grpc.health.v1 answer, for {@link SerializedResponses}. */
  static final dev.vitals.api.health.v1.HealthCheckResponse[] V1_ANSWERS = {
    V1_UNKNOWN, V1_SERVING, V1_NOT_SERVING, V1_SERVICE_UNKNOWN
  };

  private static final dev.vitals.api.legacy.HealthCheckResponse LEGACY_UNKNOWN =
      legacy(dev.vitals.api.legacy.HealthCheckResponse.ServingStatus.UNKNOWN);
  private static final dev.vitals.api.legacy.HealthCheckResponse LEGACY_SERVING =
      legacy(dev.vitals.api.legacy.HealthCheckResponse.ServingStatus.SERVING);
  private static final dev.vitals.api.legacy.HealthCheckResponse LEGACY_NOT_SERVING =
      legacy(dev.vitals.api.legacy.HealthCheckResponse.ServingStatus.NOT_SERVING);

  /** Every {@code /Health/check} answer, for {@link SerializedResponses}. */
  static final dev.vitals.api.legacy.HealthCheckResponse[] LEGACY_ANSWERS = {
    LEGACY_UNKNOWN, LEGACY_SERVING, LEGACY_NOT_SERVING
  };

  private ProtoStatuses() {}

  /**
   * The grpc.health.v1 answer for {@code status}; {@code null} (not registered) is SERVICE_UNKNOWN.
   */
  static dev.vitals.api.health.v1.HealthCheckResponse toV1(HealthStatus status) {
    if (status == null) {
      return V1_SERVICE_UNKNOWN;
    }
    switch (status) {
      case SERVING:
        return V1_SERVING;
      case NOT_SERVING:
        return V1_NOT_SERVING;
      default:
        return V1_UNKNOWN;
    }
  }

  /** The {@code /Health/check} answer for {@code status}; {@code null} is UNKNOWN. */
  static dev.vitals.api.legacy.HealthCheckResponse toLegacy(HealthStatus status) {
    return status == HealthStatus.SERVING
        ? LEGACY_SERVING
        : status == HealthStatus.NOT_SERVING ? LEGACY_NOT_SERVING : LEGACY_UNKNOWN;
  }

  /** The admin API's status for {@code status}. */
  static ServingStatus toAdmin(HealthStatus status) {
    switch (status) {
      case SERVING:
        return ServingStatus.SERVING;
      case NOT_SERVING:
        return ServingStatus.NOT_SERVING;
      default:
        return ServingStatus.UNKNOWN;
    }
  }

  /** The status an admin request names, or {@code null} for a number the API does not define. */
  static HealthStatus fromAdmin(ServingStatus status) {
    switch (status) {
      case SERVING:
        return HealthStatus.SERVING;
      case NOT_SERVING:
        return HealthStatus.NOT_SERVING;
      case UNKNOWN:
        return HealthStatus.UNKNOWN;
      default:
        return null;
    }
  }

  private static dev.vitals.api.health.v1.HealthCheckResponse v1(
      dev.vitals.api.health.v1.HealthCheckResponse.ServingStatus status) {
    return dev.vitals.api.health.v1.HealthCheckResponse.newBuilder().setStatus(status).build();
  }

  private static dev.vitals.api.legacy.HealthCheckResponse legacy(
      dev.vitals.api.legacy.HealthCheckResponse.ServingStatus status) {
    return dev.vitals.api.legacy.HealthCheckResponse.newBuilder().setStatus(status).build();
  }
}
