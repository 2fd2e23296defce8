package dev.vitals.server;

import static java.util.Objects.requireNonNull;

import dev.vitals.api.health.v1.HealthCheckRequest;
import dev.vitals.api.health.v1.HealthCheckResponse;
import dev.vitals.api.health.v1.HealthCheckResponse.ServingStatus;
import dev.vitals.api.health.v1.HealthGrpc;
import dev.vitals.api.health.v1.HealthListRequest;
import dev.vitals.api.health.v1.HealthListResponse;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.Map;

/**
 * {@code grpc.health.v1.Health}: Check, Watch and List over the {@link StatusRegistry}.
 *
 * @see <a href="https://github.com/grpc/grpc/blob/master/doc/health-checking.md">gRPC Health Checking Protocol</a>
 * @see <a href="https://github.com/grpc/proposal/blob/master/A90-health-service-list-method.md">gRFC A90: List</a>
 */
final class HealthV1Service extends HealthGrpc.HealthImplBase {
  private static final HealthCheckResponse UNKNOWN = response(ServingStatus.UNKNOWN);
  private static final HealthCheckResponse SERVING = response(ServingStatus.SERVING);
  private static final HealthCheckResponse NOT_SERVING = response(ServingStatus.NOT_SERVING);
  private static final HealthCheckResponse SERVICE_UNKNOWN = response(ServingStatus.SERVICE_UNKNOWN);

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
    return SerializedResponses.cache(bindService(), UNKNOWN, SERVING, NOT_SERVING, SERVICE_UNKNOWN);
  }

  @Override
  public void check(HealthCheckRequest request, StreamObserver<HealthCheckResponse> responses) {
    String service = request.getService();
    if (ServiceNames.tooLong(service)) {
      responses.onError(ServiceNames.tooLongStatus().asRuntimeException());
      return;
    }
    HealthStatus status = registry.statusOrNull(service);
    if (status == null) {
      responses.onError(Status.NOT_FOUND
          .withDescription("unknown service " + ServiceNames.quote(service))
          .asRuntimeException());
      return;
    }
    responses.onNext(toResponse(status));
    responses.onCompleted();
  }

  @Override
  public void list(HealthListRequest request, StreamObserver<HealthListResponse> responses) {
    Map<String, ServiceState> snapshot = registry.states();
    if (snapshot.size() > maxListEntries) {
      responses.onError(Status.RESOURCE_EXHAUSTED
          .withDescription("too many services to list: " + snapshot.size()
              + " registered, the limit is " + maxListEntries + "; use Check or Watch per service")
          .asRuntimeException());
      return;
    }
    HealthListResponse.Builder list = HealthListResponse.newBuilder();
    snapshot.forEach((name, state) -> list.putStatuses(name, toResponse(state.status())));
    responses.onNext(list.build());
    responses.onCompleted();
  }

  @Override
  public void watch(HealthCheckRequest request, StreamObserver<HealthCheckResponse> responses) {
    String service = request.getService();
    if (ServiceNames.tooLong(service)) {
      responses.onError(ServiceNames.tooLongStatus().asRuntimeException());
      return;
    }
    ServerCallStreamObserver<HealthCheckResponse> call =
        (ServerCallStreamObserver<HealthCheckResponse>) responses;
    call.setOnReadyThreshold(WATCH_ON_READY_THRESHOLD_BYTES);
    WatchStream stream = new WatchStream(call);
    // Both handlers before subscribing: the first status may be sent from inside subscribe().
    call.setOnCancelHandler(() -> {
      stream.cancelled();
      registry.unsubscribe(service, stream);
    });
    call.setOnReadyHandler(stream::flush);
    registry.subscribe(service, stream);
  }

  static HealthCheckResponse toResponse(HealthStatus status) {
    if (status == null) {
      return SERVICE_UNKNOWN;
    }
    switch (status) {
      case SERVING:
        return SERVING;
      case NOT_SERVING:
        return NOT_SERVING;
      default:
        return UNKNOWN;
    }
  }

  private static HealthCheckResponse response(ServingStatus status) {
    return HealthCheckResponse.newBuilder().setStatus(status).build();
  }

  /**
   * One Watch stream. It keeps only the latest status not yet sent: a reader that stops reading
   * makes the transport not ready, and the statuses it misses collapse into the one it gets when it
   * reads again. So memory per watcher is bounded whatever the reader does, and the last status a
   * watcher receives is always the current one.
   */
  private static final class WatchStream implements StatusListener {
    private final ServerCallStreamObserver<HealthCheckResponse> call;
    /** Guarded by this. The response to send when the transport is ready; null if none. */
    private HealthCheckResponse pending;
    /** Guarded by this. The last response sent, to never send the same status twice in a row. */
    private HealthCheckResponse lastSent;
    /** Guarded by this. */
    private boolean done;

    WatchStream(ServerCallStreamObserver<HealthCheckResponse> call) {
      this.call = call;
    }

    @Override
    public synchronized void onStatus(HealthStatus status) {
      pending = toResponse(status);
      flush();
    }

    synchronized void flush() {
      if (done || pending == null || !call.isReady()) {
        return;
      }
      HealthCheckResponse next = pending;
      pending = null;
      if (next != lastSent) {
        lastSent = next;
        call.onNext(next);
      }
    }

    @Override
    public synchronized void onClose(Status status) {
      if (done) {
        return;
      }
      done = true;
      pending = null;
      call.onError(status.asRuntimeException());
    }

    synchronized void cancelled() {
      done = true;
      pending = null;
    }
  }
}
