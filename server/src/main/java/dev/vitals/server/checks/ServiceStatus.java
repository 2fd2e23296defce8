package dev.vitals.server.checks;

/**
 * The status the checks engine derives for a service. The wiring maps it one-to-one onto the
 * server's own status type (the engine does not depend on it, so it can be built and tested alone).
 */
public enum ServiceStatus {
  /** Every critical check of the service passes. */
  SERVING,
  /** At least one critical check of the service is failing. */
  NOT_SERVING,
  /** Start-up: at least one check of the service has no result yet. */
  UNKNOWN
}
