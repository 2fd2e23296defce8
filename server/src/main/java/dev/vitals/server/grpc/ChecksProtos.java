package dev.vitals.server.grpc;

import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import dev.vitals.api.admin.v1.Backend;
import dev.vitals.api.admin.v1.CheckInfo;
import dev.vitals.api.admin.v1.CheckResult;
import dev.vitals.api.admin.v1.CheckState;
import dev.vitals.api.admin.v1.DerivedService;
import dev.vitals.api.admin.v1.ListChecksResponse;
import dev.vitals.api.admin.v1.Override;
import dev.vitals.api.admin.v1.ServingStatus;
import dev.vitals.api.admin.v1.Transition;
import dev.vitals.common.HealthStatus;
import dev.vitals.common.StatusProtos;
import dev.vitals.server.checks.BackendSnapshot;
import dev.vitals.server.checks.CheckSnapshot;
import dev.vitals.server.checks.ChecksSnapshot;
import dev.vitals.server.checks.ServiceOverride;
import dev.vitals.server.checks.ServiceSnapshot;
import dev.vitals.server.checks.ServiceStatus;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** The checks engine's snapshot as the admin API's {@code ListChecksResponse}: one mapping. */
final class ChecksProtos {
  private ChecksProtos() {}

  static ListChecksResponse toProto(ChecksSnapshot snapshot) {
    ListChecksResponse.Builder response =
        ListChecksResponse.newBuilder().setAt(timestamp(snapshot.at()));
    snapshot.checks().forEach(check -> response.addChecks(check(check)));
    snapshot.services().forEach(service -> response.addServices(service(service)));
    return response.build();
  }

  /** The admin API's status for a derived one (the same three values). */
  static ServingStatus status(ServiceStatus status) {
    return StatusProtos.toAdmin(HealthStatus.valueOf(status.name()));
  }

  /**
   * A protobuf Duration as a positive {@link java.time.Duration}, or null if it is not one
   * (negative or zero, or out of the protobuf ranges).
   */
  static java.time.@Nullable Duration positive(Duration duration) {
    long seconds = duration.getSeconds();
    int nanos = duration.getNanos();
    if (seconds < 0 || nanos < 0 || nanos > 999_999_999 || (seconds == 0 && nanos == 0)) {
      return null;
    }
    // 10,000 years is protobuf's own limit for a Duration.
    if (seconds > 315_576_000_000L) {
      return null;
    }
    return java.time.Duration.ofSeconds(seconds, nanos);
  }

  private static CheckInfo check(CheckSnapshot check) {
    CheckInfo.Builder info =
        CheckInfo.newBuilder()
            .setName(check.name())
            .setType(check.type())
            .setTarget(check.target())
            .setCritical(check.critical())
            .setState(state(check.state()))
            .setConsecutivePasses(check.consecutivePasses())
            .setConsecutiveFailures(check.consecutiveFailures());
    if (check.since() != null) {
      info.setSince(timestamp(check.since()));
    }
    for (BackendSnapshot backend : check.backends()) {
      Backend.Builder proto =
          Backend.newBuilder()
              .setName(backend.name())
              .setServing(backend.serving())
              .setStatus(backend.status())
              .setMode(backend.mode())
              .setDetail(backend.detail());
      if (backend.since() != null) {
        proto.setSince(timestamp(backend.since()));
      }
      info.addBackends(proto);
    }
    if (check.last() != null) {
      info.setLast(
          CheckResult.newBuilder()
              .setPassed(check.last().passed())
              .setOutput(check.last().output())
              .setLatency(duration(check.last().latency()))
              .setAt(timestamp(check.last().at())));
    }
    return info.build();
  }

  private static DerivedService service(ServiceSnapshot service) {
    DerivedService.Builder proto =
        DerivedService.newBuilder()
            .setService(service.name())
            .setStatus(status(service.status()))
            .addAllChecks(service.checks())
            .addAllFailing(service.failing())
            .addAllWarnings(service.warnings())
            .addAllUnknown(service.unknown())
            .setFlapping(service.flapping());
    if (service.since() != null) {
      proto.setSince(timestamp(service.since()));
    }
    for (dev.vitals.server.checks.Transition t : service.history()) {
      Transition.Builder transition =
          Transition.newBuilder()
              .setAt(timestamp(t.at()))
              .setTo(status(t.to()))
              .setCheck(t.check() == null ? "" : t.check())
              .setReason(t.reason());
      if (t.from() != null) {
        transition.setFrom(status(t.from()));
      }
      proto.addHistory(transition);
    }
    ServiceOverride override = service.override();
    if (override != null) {
      Override.Builder o =
          Override.newBuilder()
              .setStatus(status(override.status()))
              .setSince(timestamp(override.since()));
      if (override.until() != null) {
        o.setUntil(timestamp(override.until()));
      }
      proto.setOverride(o);
    }
    return proto.build();
  }

  private static CheckState state(dev.vitals.server.checks.CheckState state) {
    return switch (state) {
      case PASSING -> CheckState.CHECK_STATE_PASSING;
      case FAILING -> CheckState.CHECK_STATE_FAILING;
      default -> CheckState.CHECK_STATE_UNKNOWN;
    };
  }

  /** {@code at} as a protobuf timestamp (the admin API's times). */
  static Timestamp timestamp(Instant at) {
    return Timestamp.newBuilder().setSeconds(at.getEpochSecond()).setNanos(at.getNano()).build();
  }

  private static Duration duration(java.time.Duration d) {
    return Duration.newBuilder().setSeconds(d.getSeconds()).setNanos(d.getNano()).build();
  }
}
