package dev.vitals.client;

import dev.vitals.common.HealthStatus;
import dev.vitals.common.StatusProtos;

/**
 * A service's health as reported by the gRPC Health Checking Protocol. The same constants as {@code
 * dev.vitals.common.HealthStatus}, the type the server uses, through which every API's enum is read
 * and written.
 *
 * @see <a href="https://github.com/grpc/grpc/blob/master/doc/health-checking.md">gRPC Health
 *     Checking Protocol</a>
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
    return of(HealthStatus.parse(text));
  }

  /** The library's name for a status of the shared type; the constants are the same. */
  static ServingStatus of(HealthStatus status) {
    return valueOf(status.name());
  }

  /** The shared type, which maps to and from each API's enum ({@link StatusProtos}). */
  HealthStatus toHealthStatus() {
    return HealthStatus.valueOf(name());
  }
}
