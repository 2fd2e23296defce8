package dev.vitals.server.checks;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One check as an admin RPC or a JSON page shows it.
 *
 * @param name the check's name
 * @param type its type key ({@code tcp}, {@code http}, ...)
 * @param target what it checks, without secrets
 * @param critical whether its failure makes services NOT_SERVING (otherwise a warning)
 * @param state where it stands after thresholds
 * @param since when it entered that state (null while {@link CheckState#UNKNOWN})
 * @param last its last result, null before the first
 * @param consecutivePasses passes in a row up to the last result
 * @param consecutiveFailures failures in a row up to the last result
 * @param backends for a check covering several backends, each as last seen; else empty
 */
public record CheckSnapshot(
    String name,
    String type,
    String target,
    boolean critical,
    CheckState state,
    @Nullable Instant since,
    @Nullable CheckResult last,
    int consecutivePasses,
    int consecutiveFailures,
    List<BackendSnapshot> backends) {
  /** Copies the backends. */
  public CheckSnapshot {
    backends = List.copyOf(backends);
  }
}
