package dev.vitals.server.checks;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One backend of a check that covers several (a {@code grpc} check on replicas), as last seen. The
 * name is an address from the file or a resolved {@code ip:port}: shown to operators, never used as
 * a metric label.
 *
 * @param name the backend's address
 * @param serving whether it counts toward the quorum now
 * @param status what it said last ({@code SERVING}, {@code NOT_SERVING}, {@code UNAVAILABLE}, ...)
 * @param mode how it is followed: {@code watch} (one stream), {@code poll} (Check on the interval,
 *     the backend has no Watch) or {@code gone} (missing from DNS, counted as down until forgotten)
 * @param since when {@code serving} last changed (null before the first answer)
 * @param detail more about the last answer or error, or {@code ""}
 */
public record BackendSnapshot(
    String name,
    boolean serving,
    String status,
    String mode,
    @Nullable Instant since,
    String detail) {
  /** Checks the fields. */
  public BackendSnapshot {
    requireNonNull(name, "name");
    requireNonNull(status, "status");
    requireNonNull(mode, "mode");
    requireNonNull(detail, "detail");
  }
}
