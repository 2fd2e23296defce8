package dev.vitals.server.grpc;

import static java.util.Objects.requireNonNull;

import dev.vitals.api.admin.v1.ClearStatusRequest;
import dev.vitals.api.admin.v1.ClearStatusResponse;
import dev.vitals.api.admin.v1.HeartbeatRequest;
import dev.vitals.api.admin.v1.HeartbeatResponse;
import dev.vitals.api.admin.v1.ListChecksRequest;
import dev.vitals.api.admin.v1.ListChecksResponse;
import dev.vitals.api.admin.v1.ListStatusesRequest;
import dev.vitals.api.admin.v1.ListStatusesResponse;
import dev.vitals.api.admin.v1.ServiceStatus;
import dev.vitals.api.admin.v1.SetStatusRequest;
import dev.vitals.api.admin.v1.SetStatusResponse;
import dev.vitals.api.admin.v1.StatusAdminGrpc;
import dev.vitals.common.HealthStatus;
import dev.vitals.common.StatusProtos;
import dev.vitals.server.checks.Checks;
import dev.vitals.server.checks.ProbeProfiles;
import dev.vitals.server.checks.ServiceOverride;
import dev.vitals.server.status.ServiceNames;
import dev.vitals.server.status.StatusRegistry;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code vitals.admin.v1.StatusAdmin}: change the statuses every health surface reports, and see
 * and feed the checks.
 *
 * <p>A service derived from checks (and the {@code liveness} and {@code startup} profiles) is not
 * set directly: SetStatus puts a manual override on it (with an optional TTL) and ClearStatus
 * removes the override. {@code readiness} follows {@code ""} and is set through it.
 */
final class StatusAdminService extends StatusAdminGrpc.StatusAdminImplBase {
  private static final Logger log = LoggerFactory.getLogger(StatusAdminService.class);

  private static final Status READINESS_FOLLOWS =
      Status.FAILED_PRECONDITION.withDescription(
          "readiness follows \"\" (the whole server): set or clear \"\" instead");

  private final StatusRegistry registry;
  private final Checks checks;

  StatusAdminService(StatusRegistry registry, Checks checks) {
    this.registry = requireNonNull(registry, "registry");
    this.checks = requireNonNull(checks, "checks");
  }

  @Override
  public void setStatus(SetStatusRequest request, StreamObserver<SetStatusResponse> responses) {
    String service = request.getService();
    HealthStatus status;
    try {
      status = StatusProtos.fromAdminNumber(request.getStatusValue());
    } catch (IllegalArgumentException e) {
      responses.onError(
          Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
      return;
    }
    if (service.equals(ProbeProfiles.READINESS)) {
      responses.onError(READINESS_FOLLOWS.asRuntimeException());
      return;
    }
    @Nullable Duration ttl = null;
    if (request.hasTtl()) {
      ttl = ChecksProtos.positive(request.getTtl());
      if (ttl == null) {
        responses.onError(
            Status.INVALID_ARGUMENT
                .withDescription("the TTL must be positive (and under 10,000 years)")
                .asRuntimeException());
        return;
      }
    }
    Optional<HealthStatus> previous;
    try {
      if (checks.services().contains(service)) {
        previous = registry.get(service);
        ServiceOverride override =
            checks.override(
                service, dev.vitals.server.checks.ServiceStatus.valueOf(status.name()), ttl);
        log.info(
            "admin: {} overridden to {} (was {}){}",
            ServiceNames.quote(service),
            status,
            previous.map(Enum::name).orElse("unregistered"),
            override.until() == null ? " until cleared" : " until " + override.until());
        respond(responses, previous);
        return;
      }
      if (ttl != null) {
        responses.onError(
            Status.INVALID_ARGUMENT
                .withDescription(
                    "a TTL is for services derived from checks; "
                        + ServiceNames.quote(service)
                        + " is set by hand and keeps its status until changed")
                .asRuntimeException());
        return;
      }
      previous = registry.set(service, status);
    } catch (IllegalArgumentException | IllegalStateException e) {
      responses.onError(toStatus(e).asRuntimeException());
      return;
    }
    log.info(
        "admin: {} set to {} (was {})",
        ServiceNames.quote(service),
        status,
        previous.map(Enum::name).orElse("unregistered"));
    respond(responses, previous);
  }

  private static void respond(
      StreamObserver<SetStatusResponse> responses, Optional<HealthStatus> previous) {
    SetStatusResponse.Builder response = SetStatusResponse.newBuilder();
    previous.ifPresent(p -> response.setPrevious(StatusProtos.toAdmin(p)));
    responses.onNext(response.build());
    responses.onCompleted();
  }

  @Override
  public void clearStatus(
      ClearStatusRequest request, StreamObserver<ClearStatusResponse> responses) {
    String service = request.getService();
    if (service.equals(ProbeProfiles.READINESS)) {
      responses.onError(READINESS_FOLLOWS.asRuntimeException());
      return;
    }
    boolean existed;
    try {
      if (checks.services().contains(service)) {
        if (checks.clearOverride(service)) {
          log.info("admin: {} override cleared", ServiceNames.quote(service));
        }
        // Registered either way: a derived service follows its checks again.
        responses.onNext(ClearStatusResponse.newBuilder().setExisted(true).build());
        responses.onCompleted();
        return;
      }
      existed = registry.clear(service);
    } catch (IllegalArgumentException | IllegalStateException e) {
      responses.onError(toStatus(e).asRuntimeException());
      return;
    }
    if (existed) {
      log.info("admin: {} cleared", ServiceNames.quote(service));
    }
    responses.onNext(ClearStatusResponse.newBuilder().setExisted(existed).build());
    responses.onCompleted();
  }

  @Override
  public void listStatuses(
      ListStatusesRequest request, StreamObserver<ListStatusesResponse> responses) {
    ListStatusesResponse.Builder list = ListStatusesResponse.newBuilder();
    registry
        .states()
        .forEach(
            (name, state) ->
                list.addStatuses(
                    ServiceStatus.newBuilder()
                        .setService(name)
                        .setStatus(StatusProtos.toAdmin(state.status()))
                        .setLastChanged(ChecksProtos.timestamp(state.lastChanged()))));
    responses.onNext(list.build());
    responses.onCompleted();
  }

  @Override
  public void heartbeat(HeartbeatRequest request, StreamObserver<HeartbeatResponse> responses) {
    try {
      checks.heartbeat(request.getCheck());
    } catch (NoSuchElementException e) {
      responses.onError(Status.NOT_FOUND.withDescription(e.getMessage()).asRuntimeException());
      return;
    } catch (IllegalArgumentException e) {
      responses.onError(
          Status.FAILED_PRECONDITION.withDescription(e.getMessage()).asRuntimeException());
      return;
    }
    responses.onNext(HeartbeatResponse.getDefaultInstance());
    responses.onCompleted();
  }

  @Override
  public void listChecks(ListChecksRequest request, StreamObserver<ListChecksResponse> responses) {
    // The engine's cached results: never waits for a check.
    responses.onNext(ChecksProtos.toProto(checks.snapshot()));
    responses.onCompleted();
  }

  private static Status toStatus(RuntimeException e) {
    return (e instanceof IllegalStateException ? Status.UNAVAILABLE : Status.INVALID_ARGUMENT)
        .withDescription(e.getMessage());
  }
}
