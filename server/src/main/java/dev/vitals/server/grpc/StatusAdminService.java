package dev.vitals.server.grpc;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.Timestamp;
import dev.vitals.api.admin.v1.ClearStatusRequest;
import dev.vitals.api.admin.v1.ClearStatusResponse;
import dev.vitals.api.admin.v1.ListStatusesRequest;
import dev.vitals.api.admin.v1.ListStatusesResponse;
import dev.vitals.api.admin.v1.ServiceStatus;
import dev.vitals.api.admin.v1.SetStatusRequest;
import dev.vitals.api.admin.v1.SetStatusResponse;
import dev.vitals.api.admin.v1.StatusAdminGrpc;
import dev.vitals.common.HealthStatus;
import dev.vitals.common.StatusProtos;
import dev.vitals.server.status.ServiceNames;
import dev.vitals.server.status.StatusRegistry;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code vitals.admin.v1.StatusAdmin}: change the statuses every health surface reports. */
final class StatusAdminService extends StatusAdminGrpc.StatusAdminImplBase {
  private static final Logger log = LoggerFactory.getLogger(StatusAdminService.class);

  private final StatusRegistry registry;

  StatusAdminService(StatusRegistry registry) {
    this.registry = requireNonNull(registry, "registry");
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
    Optional<HealthStatus> previous;
    try {
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
    SetStatusResponse.Builder response = SetStatusResponse.newBuilder();
    previous.ifPresent(p -> response.setPrevious(StatusProtos.toAdmin(p)));
    responses.onNext(response.build());
    responses.onCompleted();
  }

  @Override
  public void clearStatus(
      ClearStatusRequest request, StreamObserver<ClearStatusResponse> responses) {
    String service = request.getService();
    boolean existed;
    try {
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
                        .setLastChanged(
                            Timestamp.newBuilder()
                                .setSeconds(state.lastChanged().getEpochSecond())
                                .setNanos(state.lastChanged().getNano()))));
    responses.onNext(list.build());
    responses.onCompleted();
  }

  private static Status toStatus(RuntimeException e) {
    return (e instanceof IllegalStateException ? Status.UNAVAILABLE : Status.INVALID_ARGUMENT)
        .withDescription(e.getMessage());
  }
}
