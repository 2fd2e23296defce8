package dev.vitals.server.checks;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One derived service as an admin RPC or a JSON page shows it.
 *
 * @param name the service ({@code ""} is the whole server)
 * @param status its status: the override's if there is one, the derived one otherwise
 * @param since when it last changed
 * @param checks the checks it follows, in file order
 * @param failing its critical checks that are failing (why it is NOT_SERVING)
 * @param warnings its non-critical checks that are failing (it is still SERVING)
 * @param unknown its checks with no result yet (why it is UNKNOWN)
 * @param flapping whether it changed more often than the history policy allows
 * @param history its last transitions, oldest first
 * @param override the manual status that wins over the checks, or null (then {@code status} is the
 *     derived one)
 */
public record ServiceSnapshot(
    String name,
    ServiceStatus status,
    @Nullable Instant since,
    List<String> checks,
    List<String> failing,
    List<String> warnings,
    List<String> unknown,
    boolean flapping,
    List<Transition> history,
    @Nullable ServiceOverride override) {
  /** Copies the lists. */
  public ServiceSnapshot {
    checks = List.copyOf(checks);
    failing = List.copyOf(failing);
    warnings = List.copyOf(warnings);
    unknown = List.copyOf(unknown);
    history = List.copyOf(history);
  }
}
