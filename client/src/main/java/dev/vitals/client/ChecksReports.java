package dev.vitals.client;

import com.google.protobuf.Timestamp;
import dev.vitals.api.admin.v1.Backend;
import dev.vitals.api.admin.v1.CheckInfo;
import dev.vitals.api.admin.v1.DerivedService;
import dev.vitals.api.admin.v1.ListChecksResponse;
import dev.vitals.common.StatusProtos;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The admin API's {@code ListChecksResponse} as a {@link ChecksReport}: one mapping. */
final class ChecksReports {
  private ChecksReports() {}

  static ChecksReport from(ListChecksResponse response) {
    List<ChecksReport.Check> checks = new ArrayList<>();
    for (CheckInfo check : response.getChecksList()) {
      List<ChecksReport.Backend> backends = new ArrayList<>();
      for (Backend backend : check.getBackendsList()) {
        backends.add(
            new ChecksReport.Backend(
                backend.getName(),
                backend.getServing(),
                backend.getStatus(),
                backend.getMode(),
                backend.hasSince() ? instant(backend.getSince()) : null,
                backend.getDetail()));
      }
      checks.add(
          new ChecksReport.Check(
              check.getName(),
              check.getType(),
              check.getTarget(),
              check.getCritical(),
              // CHECK_STATE_PASSING -> PASSING
              check.getState().name().replace("CHECK_STATE_", "").toUpperCase(Locale.ROOT),
              check.hasSince() ? instant(check.getSince()) : null,
              check.hasLast()
                  ? new ChecksReport.Result(
                      check.getLast().getPassed(),
                      check.getLast().getOutput(),
                      duration(check.getLast().getLatency()),
                      instant(check.getLast().getAt()))
                  : null,
              check.getConsecutivePasses(),
              check.getConsecutiveFailures(),
              backends));
    }
    List<ChecksReport.Service> services = new ArrayList<>();
    for (DerivedService service : response.getServicesList()) {
      List<ChecksReport.Transition> history = new ArrayList<>();
      for (dev.vitals.api.admin.v1.Transition t : service.getHistoryList()) {
        history.add(
            new ChecksReport.Transition(
                instant(t.getAt()),
                t.hasFrom() ? status(t.getFrom()) : null,
                status(t.getTo()),
                t.getCheck(),
                t.getReason()));
      }
      ChecksReport.Override override = null;
      if (service.hasOverride()) {
        override =
            new ChecksReport.Override(
                status(service.getOverride().getStatus()),
                instant(service.getOverride().getSince()),
                service.getOverride().hasUntil()
                    ? instant(service.getOverride().getUntil())
                    : null);
      }
      services.add(
          new ChecksReport.Service(
              service.getService(),
              status(service.getStatus()),
              service.hasSince() ? instant(service.getSince()) : null,
              service.getChecksList(),
              service.getFailingList(),
              service.getWarningsList(),
              service.getUnknownList(),
              service.getFlapping(),
              history,
              override));
    }
    return new ChecksReport(instant(response.getAt()), checks, services);
  }

  private static ServingStatus status(dev.vitals.api.admin.v1.ServingStatus status) {
    return ServingStatus.of(StatusProtos.fromAdmin(status));
  }

  private static Instant instant(Timestamp at) {
    return Instant.ofEpochSecond(at.getSeconds(), at.getNanos());
  }

  private static Duration duration(com.google.protobuf.Duration d) {
    return Duration.ofSeconds(d.getSeconds(), d.getNanos());
  }
}
