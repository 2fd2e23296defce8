package dev.vitals.server.checks;

import java.time.Instant;

/**
 * One change of a derived service's status.
 *
 * @param at when it changed
 * @param from the status before ({@code null} for the first, at start)
 * @param to the status after
 * @param check the check whose result caused it ({@code null} for the first, at start)
 * @param reason that check's output at the time ({@code ""} for the first)
 */
public record Transition(
    Instant at, ServiceStatus from, ServiceStatus to, String check, String reason) {}
