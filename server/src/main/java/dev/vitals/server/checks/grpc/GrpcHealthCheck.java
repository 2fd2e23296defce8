package dev.vitals.server.checks.grpc;

import static java.util.Objects.requireNonNull;

import dev.vitals.server.checks.Check;
import dev.vitals.server.checks.CheckSpec;
import dev.vitals.server.checks.CheckTarget;
import dev.vitals.server.checks.Scheduler;

/**
 * The {@code grpc} check type: {@link #forSpec} makes the check of a file's {@code grpc} entry (one
 * or many backends, each followed with {@code grpc.health.v1.Health/Watch} or polled with {@code
 * Check} where Watch is missing, and a quorum), an {@link UpstreamCheck}.
 *
 * @see <a href="https://github.com/grpc/grpc/blob/master/doc/health-checking.md">gRPC Health
 *     Checking Protocol</a>
 */
public final class GrpcHealthCheck {
  private GrpcHealthCheck() {}

  /**
   * The {@code grpc} check of {@code spec}: every backend of its addresses followed with Watch (or
   * Check where Watch is missing), passing while its quorum is SERVING. Names are resolved with the
   * JVM's resolver. Its channels are closed by {@link Check#close()}.
   *
   * @param clock the engine's clock and timer (backoff, timeouts, polling)
   * @throws IllegalArgumentException if an address is not a target gRPC can use
   */
  public static Check forSpec(CheckSpec spec, Scheduler clock) {
    return forSpec(spec, clock, BackendResolver.system());
  }

  /** As {@link #forSpec(CheckSpec, Scheduler)}, with names resolved by {@code resolver}. */
  public static Check forSpec(CheckSpec spec, Scheduler clock, BackendResolver resolver) {
    requireNonNull(spec, "spec");
    requireNonNull(clock, "clock");
    requireNonNull(resolver, "resolver");
    if (!(spec.target() instanceof CheckTarget.Grpc)) {
      throw new IllegalArgumentException("not a grpc check: " + spec.target().type());
    }
    return new UpstreamCheck(spec, clock, resolver);
  }
}
