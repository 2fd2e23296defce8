package dev.vitals.client;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One registered service as the admin API lists it.
 *
 * @param service the service name; {@code ""} is the whole server
 * @param status its status
 * @param lastChanged when its status last changed, or when it was registered
 */
public record ServiceStatus(String service, ServingStatus status, Instant lastChanged) {
  /** Checks that no component is null. */
  public ServiceStatus {
    requireNonNull(service, "service");
    requireNonNull(status, "status");
    requireNonNull(lastChanged, "lastChanged");
  }
}
