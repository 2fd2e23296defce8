package dev.vitals.server.grpc;

import dev.vitals.common.HealthStatus;
import dev.vitals.common.StatusProtos;

/**
 * The health answers, one constant per status, so that Check and Watch return a constant (which
 * {@link SerializedResponses} sends as cached bytes, and {@link WatchStream} compares by identity).
 * Which proto value a status is comes from the one mapping, {@link StatusProtos}.
 */
final class HealthResponses {
  private static final dev.vitals.api.health.v1.HealthCheckResponse V1_UNKNOWN =
      v1Answer(HealthStatus.UNKNOWN);
  private static final dev.vitals.api.health.v1.HealthCheckResponse V1_SERVING =
      v1Answer(HealthStatus.SERVING);
  private static final dev.vitals.api.health.v1.HealthCheckResponse V1_NOT_SERVING =
      v1Answer(HealthStatus.NOT_SERVING);
  private static final dev.vitals.api.health.v1.HealthCheckResponse V1_SERVICE_UNKNOWN =
      v1Answer(HealthStatus.SERVICE_UNKNOWN);

  /** Every grpc.health.v1 answer, for {@link SerializedResponses}. */
  static final dev.vitals.api.health.v1.HealthCheckResponse[] V1_ANSWERS = {
    V1_UNKNOWN, V1_SERVING, V1_NOT_SERVING, V1_SERVICE_UNKNOWN
  };

  // The original API has no SERVICE_UNKNOWN; StatusProtos maps it to UNKNOWN.
  private static final dev.vitals.api.legacy.HealthCheckResponse LEGACY_UNKNOWN =
      legacyAnswer(HealthStatus.UNKNOWN);
  private static final dev.vitals.api.legacy.HealthCheckResponse LEGACY_SERVING =
      legacyAnswer(HealthStatus.SERVING);
  private static final dev.vitals.api.legacy.HealthCheckResponse LEGACY_NOT_SERVING =
      legacyAnswer(HealthStatus.NOT_SERVING);

  /** Every {@code /Health/check} answer, for {@link SerializedResponses}. */
  static final dev.vitals.api.legacy.HealthCheckResponse[] LEGACY_ANSWERS = {
    LEGACY_UNKNOWN, LEGACY_SERVING, LEGACY_NOT_SERVING
  };

  private HealthResponses() {}

  /** The grpc.health.v1 answer for {@code status}. */
  static dev.vitals.api.health.v1.HealthCheckResponse v1(HealthStatus status) {
    return switch (status) {
      case SERVING -> V1_SERVING;
      case NOT_SERVING -> V1_NOT_SERVING;
      case SERVICE_UNKNOWN -> V1_SERVICE_UNKNOWN;
      default -> V1_UNKNOWN;
    };
  }

  /** The {@code /Health/check} answer for {@code status}; SERVICE_UNKNOWN answers UNKNOWN. */
  static dev.vitals.api.legacy.HealthCheckResponse legacy(HealthStatus status) {
    return switch (status) {
      case SERVING -> LEGACY_SERVING;
      case NOT_SERVING -> LEGACY_NOT_SERVING;
      default -> LEGACY_UNKNOWN;
    };
  }

  private static dev.vitals.api.health.v1.HealthCheckResponse v1Answer(HealthStatus status) {
    return dev.vitals.api.health.v1.HealthCheckResponse.newBuilder()
        .setStatus(StatusProtos.toV1(status))
        .build();
  }

  private static dev.vitals.api.legacy.HealthCheckResponse legacyAnswer(HealthStatus status) {
    return dev.vitals.api.legacy.HealthCheckResponse.newBuilder()
        .setStatus(StatusProtos.toLegacy(status))
        .build();
  }
}
