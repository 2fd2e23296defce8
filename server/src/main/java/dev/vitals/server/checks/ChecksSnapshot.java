package dev.vitals.server.checks;

import java.time.Instant;
import java.util.List;

/**
 * Every check and derived service at one moment, taken without waiting for any check to run.
 *
 * @param at when the snapshot was taken
 * @param checks the checks in file order
 * @param services the derived services in file order ({@code ""} last when it is the default)
 */
public record ChecksSnapshot(
    Instant at, List<CheckSnapshot> checks, List<ServiceSnapshot> services) {
  /** Copies the lists. */
  public ChecksSnapshot {
    checks = List.copyOf(checks);
    services = List.copyOf(services);
  }
}
