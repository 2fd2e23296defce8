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
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

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

  private final StatusRegistry registry;
  private final int maxListEntries;
  private final Supplier<Executor> currentLoop;

  HealthV1Service(StatusRegistry registry, int maxListEntries) {
    this(registry, maxListEntries, () -> CurrentEventLoop.DIRECT);
  }

  /**
   * @param currentLoop the executor of the thread a Watch handler runs on: that stream's updates
   *     are sent from it
   */
  HealthV1Service(StatusRegistry registry, int maxListEntries, Supplier<Executor> currentLoop) {
    this.registry = requireNonNull(registry, "registry");
    this.maxListEntries = maxListEntries;
    this.currentLoop = requireNonNull(currentLoop, "currentLoop");
  }

  /** This service, its Check and Watch answers sent as bytes serialised once. */
  ServerServiceDefinition bindSerialized() {
    return SerializedResponses.cache(bindService(), UNKNOWN, SERVING, NOT_SERVING, SERVICE_UNKNOWN);
  }

  @Override
  public void check(HealthCheckRequest request, StreamObserver<HealthCheckResponse> responses) {
    String service = request.getService();
    if (ServiceNames.tooLong(service)) {
      responses.onError(Status.INVALID_ARGUMENT
          .withDescription("service name is longer than " + ServiceNames.MAX_BYTES + " bytes")
          .asRuntimeException());
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
      responses.onError(Status.INVALID_ARGUMENT
          .withDescription("service name is longer than " + ServiceNames.MAX_BYTES + " bytes")
          .asRuntimeException());
      return;
    }
    ServerCallStreamObserver<HealthCheckResponse> call =
        (ServerCallStreamObserver<HealthCheckResponse>) responses;
    WatchStream stream = new WatchStream(call, currentLoop.get());
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
   * One Watch stream. A reader that keeps up gets every change, in order. A reader that stops
   * reading makes the transport not ready, and the statuses it misses collapse into the one it gets
   * when it reads again. So memory per watcher is bounded whatever the reader does, and the last
   * status a watcher receives is always the current one.
   *
   * <p>Sending happens on the stream's own executor (its connection's event loop over Netty): a
   * change only records the status and schedules one send, so the registry's caller does not
   * serialise and write to every watcher itself. Updates and the final close run in order.
   */
  private static final class WatchStream implements StatusListener {
    /** Changes kept for a ready reader before they collapse into the latest. */
    private static final int MAX_PENDING = 8;

    private final ServerCallStreamObserver<HealthCheckResponse> call;
    private final Executor executor;
    /** Guarded by this. Responses not yet sent, oldest first; null when none (most of the time). */
    private ArrayDeque<HealthCheckResponse> pending;
    /** Guarded by this. The last response sent, to never send the same status twice in a row. */
    private HealthCheckResponse lastSent;
    /** Guarded by this. How to end the stream once pending is sent; null while open. */
    private Status closeWith;
    /** Guarded by this. Whether a send is scheduled on the executor and has not run yet. */
    private boolean scheduled;
    /** Guarded by this. */
    private boolean done;

    WatchStream(ServerCallStreamObserver<HealthCheckResponse> call, Executor executor) {
      this.call = call;
      this.executor = executor;
    }

    @Override
    public synchronized void onStatus(HealthStatus status) {
      if (done) {
        return;
      }
      if (pending == null) {
        pending = new ArrayDeque<>(MAX_PENDING);
      } else if (pending.size() >= MAX_PENDING || !call.isReady()) {
        pending.clear();
      }
      pending.add(toResponse(status));
      schedule();
    }

    @Override
    public synchronized void onClose(Status status) {
      if (done || closeWith != null) {
        return;
      }
      closeWith = status;
      schedule();
    }

    private void schedule() {
      if (scheduled) {
        return;
      }
      scheduled = true;
      try {
        executor.execute(this::run);
      } catch (RejectedExecutionException e) {
        // The event loop is shutting down, and the stream with it.
        scheduled = false;
        done = true;
        pending = null;
      }
    }

    private synchronized void run() {
      scheduled = false;
      flush();
      if (closeWith != null && !done) {
        done = true;
        pending = null;
        call.onError(closeWith.asRuntimeException());
      }
    }

    /** Sends pending statuses while the transport is ready; also the stream's onReady handler. */
    synchronized void flush() {
      while (!done && pending != null && call.isReady()) {
        HealthCheckResponse next = pending.poll();
        if (pending.isEmpty()) {
          pending = null;
        }
        if (next != lastSent) {
          lastSent = next;
          call.onNext(next);
        }
      }
    }

    synchronized void cancelled() {
      done = true;
      pending = null;
    }
  }
}
