package dev.vitals.server.status;

import static java.util.Objects.requireNonNull;

import dev.vitals.common.HealthStatus;
import java.time.Instant;

/**
 * A registered service's status and when it last changed.
 *
 * @param status the current status
 * @param lastChanged when the status last changed, or when the service was registered
 */
public record ServiceState(HealthStatus status, Instant lastChanged) {
  /** Checks that neither component is null. */
  public ServiceState {
    requireNonNull(status, "status");
    requireNonNull(lastChanged, "lastChanged");
  }
}
