package dev.vitals.server.checks;

import java.util.List;

/**
 * The built-in probe profiles, services that Kubernetes (or any orchestrator) can point its probes
 * at: {@code grpc: { port: 8001, service: readiness }}.
 *
 * <ul>
 *   <li>{@value #LIVENESS}: SERVING while the process is healthy. It follows only the checks marked
 *       {@code liveness: true}, and goes NOT_SERVING while one of them is failing (a check with no
 *       result yet does not count against it: a slow start is the startup probe's business).
 *   <li>{@value #READINESS}: the same status as {@code ""} (the whole server), derived or set by
 *       hand; NOT_SERVING from the first moment of a drain. The server's registry makes it follow
 *       {@code ""}; it is never derived by this engine.
 *   <li>{@value #STARTUP}: UNKNOWN until every check has passed once (all at once or one after the
 *       other), then SERVING for good. With no checks it is SERVING at once.
 * </ul>
 *
 * <p>These names cannot be used for services in the checks file or for initial statuses.
 */
public final class ProbeProfiles {
  /** The liveness profile. */
  public static final String LIVENESS = "liveness";

  /** The readiness profile. */
  public static final String READINESS = "readiness";

  /** The startup profile. */
  public static final String STARTUP = "startup";

  /** The three profiles, in the order Kubernetes documents its probes. */
  public static final List<String> NAMES = List.of(LIVENESS, READINESS, STARTUP);

  private ProbeProfiles() {}

  /** Whether {@code service} is one of the profiles. */
  public static boolean isProfile(String service) {
    return NAMES.contains(service);
  }
}
