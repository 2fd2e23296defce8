/**
 * Health that is found out: checks run in the background on a schedule, and services whose status
 * is derived from them.
 *
 * <p>The package talks to the rest of the server only through {@link
 * dev.vitals.server.checks.StatusSink} (derived statuses out) and {@link
 * dev.vitals.server.checks.Scheduler} (time in), so that it can be built and tested alone. Wiring:
 *
 * <pre>{@code
 * // ChecksConfigException: print its message, exit 2
 * ChecksConfig config = ChecksConfigParser.parse(Path.of("vitals.yaml"));
 * Checks checks = Checks.builder(config, (service, status) ->
 *         registry.set(service, HealthStatus.valueOf(status.name())))
 *     .probeProfiles(true)    // liveness and startup (readiness follows "" in the registry)
 *     .build();
 * checks.start();            // after the registry exists, before the server reports ready
 * checks.override("orders", ServiceStatus.NOT_SERVING, Duration.ofMinutes(30)); // admin SetStatus
 * checks.heartbeat("jobs");  // from the heartbeat RPC
 * checks.snapshot();         // for `vitals checks` / `vitals history` (ListChecks)
 * checks.close();            // at shutdown, before the registry is drained
 * }</pre>
 *
 * <p>When {@link dev.vitals.server.checks.Checks#services()} contains {@code ""}, the server must
 * not set {@code ""} to SERVING itself once it has started: the checks own it. Closing the engine
 * before the drain keeps it from pushing into a registry that refuses changes.
 *
 * <p>Only {@code checks.grpc} imports gRPC. The file format, the types and the defaults are
 * described in the README's Checks section. Models: Armeria's {@code ScheduledHealthChecker}
 * (cached results, the next run scheduled from the last), Envoy's {@code health_check.proto}
 * (interval, timeout, jitter, healthy/unhealthy thresholds).
 */
package dev.vitals.server.checks;
