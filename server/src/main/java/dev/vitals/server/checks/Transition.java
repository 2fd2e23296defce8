package dev.vitals.server.checks;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One change of a derived service's status.
 *
 * @param at when it changed
 * @param from the status before ({@code null} for the first, at start)
 * @param to the status after
 * @param check the check whose result caused it ({@code null} when no check did: the first, at
 *     start, and the changes made by a manual override)
 * @param reason that check's output at the time; for an override what happened to it ({@code
 *     "override set"}, {@code "override cleared"}, {@code "override expired"}); {@code ""} for the
 *     first
 */
public record Transition(
    Instant at,
    @Nullable ServiceStatus from,
    ServiceStatus to,
    @Nullable String check,
    String reason) {}
