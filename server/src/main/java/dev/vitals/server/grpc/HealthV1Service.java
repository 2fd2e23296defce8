package dev.vitals.server.grpc;

import static java.util.Objects.requireNonNull;

import dev.vitals.api.health.v1.HealthCheckRequest;
import dev.vitals.api.health.v1.HealthCheckResponse;
import dev.vitals.api.health.v1.HealthGrpc;
import dev.vitals.api.health.v1.HealthListRequest;
import dev.vitals.api.health.v1.HealthListResponse;
import dev.vitals.common.HealthStatus;
import dev.vitals.server.status.ServiceNames;
import dev.vitals.server.status.ServiceState;
import dev.vitals.server.status.StatusRegistry;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.Map;

/**
 * {@code grpc.health.v1.Health}: Check, Watch and List over the {@link StatusRegistry}.
 *
 * @see <a href="https://github.com/grpc/grpc/blob/master/doc/health-checking.md">gRPC Health
 *     Checking Protocol</a>
 * @see <a
 *     href="https://github.com/grpc/proposal/blob/master/A90-health-service-list-method.md">gRFC
 *     A90: List</a>
 */
final class HealthV1Service extends HealthGrpc.HealthImplBase {
  /**
   * Bytes a Watch stream may have queued in the transport before it counts as not ready. The
   * transport's default (32 KiB) is thousands of 7-byte status messages, each a few hundred bytes
   * of heap while queued: a client that stops reading would pin about 1 MiB per stream. With a
   * threshold of a few messages, statuses conflate in {@link WatchStream} instead.
   */
  static final int WATCH_ON_READY_THRESHOLD_BYTES = 64;

  private final StatusRegistry registry;
  private final int maxListEntries;

  HealthV1Service(StatusRegistry registry, int maxListEntries) {
    this.registry = requireNonNull(registry, "registry");
    this.maxListEntries = maxListEntries;
  }

  /** This service, its Check and Watch answers sent as bytes serialised once. */
  ServerServiceDefinition bindSerialized() {
    return SerializedResponses.cache(bindService(), HealthResponses.V1_ANSWERS);
  }

  @Override
  public void check(HealthCheckRequest request, StreamObserver<HealthCheckResponse> responses) {
    String service = request.getService();
    if (ServiceNames.tooLong(service)) {
      responses.onError(CallStatuses.NAME_TOO_LONG.asRuntimeException());
      return;
    }
    HealthStatus status = registry.statusOrNull(service);
    if (status == null) {
      responses.onError(
          Status.NOT_FOUND
              .withDescription("unknown service " + ServiceNames.quote(service))
              .asRuntimeException());
      return;
    }
    responses.onNext(HealthResponses.v1(status));
    responses.onCompleted();
  }

  @Override
  public void list(HealthListRequest request, StreamObserver<HealthListResponse> responses) {
    Map<String, ServiceState> snapshot = registry.states();
    if (snapshot.size() > maxListEntries) {
      responses.onError(
          Status.RESOURCE_EXHAUSTED
              .withDescription(
                  "too many services to list: "
                      + snapshot.size()
                      + " registered, the limit is "
                      + maxListEntries
                      + "; use Check or Watch per service")
              .asRuntimeException());
      return;
    }
    HealthListResponse.Builder list = HealthListResponse.newBuilder();
    snapshot.forEach((name, state) -> list.putStatuses(name, HealthResponses.v1(state.status())));
    responses.onNext(list.build());
    responses.onCompleted();
  }

  @Override
  public void watch(HealthCheckRequest request, StreamObserver<HealthCheckResponse> responses) {
    String service = request.getService();
    if (ServiceNames.tooLong(service)) {
      responses.onError(CallStatuses.NAME_TOO_LONG.asRuntimeException());
      return;
    }
    ServerCallStreamObserver<HealthCheckResponse> call =
        (ServerCallStreamObserver<HealthCheckResponse>) responses;
    call.setOnReadyThreshold(WATCH_ON_READY_THRESHOLD_BYTES);
    WatchStream stream = new WatchStream(call);
    // Both handlers before subscribing: the first status may be sent from inside subscribe().
    call.setOnCancelHandler(
        () -> {
          stream.cancelled();
          registry.unsubscribe(service, stream);
        });
    call.setOnReadyHandler(stream::flush);
    registry.subscribe(service, stream);
  }
}
