package dev.vitals.server.checks;

import dev.vitals.server.checks.grpc.GrpcHealthCheck;

/** Makes the {@link Check} for a configured check. Tests supply their own. */
@FunctionalInterface
public interface CheckFactory {
  /**
   * Makes the check for {@code spec}.
   *
   * @param scheduler the engine's clock and timer, for checks that measure time ({@code ttl}) or
   *     keep timers of their own ({@code grpc})
   * @throws IllegalArgumentException if the target cannot be used (the message says why)
   */
  Check create(CheckSpec spec, Scheduler scheduler);

  /** The built-in types: {@code tcp}, {@code http(s)}, {@code exec}, {@code ttl}, {@code grpc}. */
  static CheckFactory standard() {
    return (spec, scheduler) -> {
      CheckTarget target = spec.target();
      if (target instanceof CheckTarget.Tcp tcp) {
        return new TcpCheck(tcp);
      } else if (target instanceof CheckTarget.Http http) {
        return new HttpCheck(http, spec.timeout());
      } else if (target instanceof CheckTarget.Exec exec) {
        return new ExecCheck(exec);
      } else if (target instanceof CheckTarget.Ttl ttl) {
        return new TtlCheck(ttl, scheduler);
      } else {
        return GrpcHealthCheck.forSpec(spec, scheduler);
      }
    };
  }
}
