package dev.vitals.client;

import static java.util.Objects.requireNonNull;

import dev.vitals.api.health.v1.HealthCheckRequest;
import dev.vitals.api.health.v1.HealthCheckResponse;
import dev.vitals.api.health.v1.HealthGrpc;
import dev.vitals.api.health.v1.HealthListRequest;
import dev.vitals.common.StatusProtos;
import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Calls a health server: {@code grpc.health.v1.Health} Check, List and Watch, and the original
 * {@code /Health/check}.
 *
 * <pre>{@code
 * ManagedChannel channel = Grpc.newChannelBuilder("localhost:8001",
 *     InsecureChannelCredentials.create()).build();
 * HealthClient health = HealthClient.create(channel).withDeadline(Duration.ofSeconds(1));
 * if (health.check("db") == ServingStatus.SERVING) { ... }
 * channel.shutdown();
 * }</pre>
 *
 * <p>The client does not own the channel: whoever built it shuts it down. Every unary call has a
 * deadline (5 s unless {@link #withDeadline} says otherwise); Watch has none, since it streams
 * until cancelled. Instances are immutable and thread-safe.
 *
 * @see <a href="https://github.com/grpc/grpc/blob/master/doc/health-checking.md">gRPC Health
 *     Checking Protocol</a>
 */
public final class HealthClient {
  private final Channel channel;
  private final Duration deadline;

  private HealthClient(Channel channel, Duration deadline) {
    this.channel = channel;
    this.deadline = deadline;
  }

  /** A client on {@code channel} with a 5 s deadline on every unary call. */
  public static HealthClient create(Channel channel) {
    return new HealthClient(requireNonNull(channel, "channel"), Deadlines.DEFAULT);
  }

  /**
   * A client like this one with another deadline for each unary call.
   *
   * @throws IllegalArgumentException if {@code deadline} is zero or negative
   */
  public HealthClient withDeadline(Duration deadline) {
    return new HealthClient(channel, Deadlines.checkPositive(deadline));
  }

  /** The deadline this client sets on each unary call. */
  public Duration deadline() {
    return deadline;
  }

  /**
   * {@code grpc.health.v1.Health/Check}: the service's status.
   *
   * @param service the service name; {@code ""} is the whole server
   * @return UNKNOWN, SERVING or NOT_SERVING
   * @throws HealthRpcException with NOT_FOUND for an unregistered service, DEADLINE_EXCEEDED,
   *     UNAVAILABLE if the server cannot be reached, UNIMPLEMENTED if it has no health service
   */
  public ServingStatus check(String service) throws HealthRpcException {
    HealthCheckRequest request = request(service);
    try {
      return fromV1(blocking().check(request).getStatus());
    } catch (StatusRuntimeException e) {
      throw HealthRpcException.from(e);
    }
  }

  /**
   * The original vitals API, {@code /Health/check} (no proto package), for servers that predate
   * {@code grpc.health.v1}.
   *
   * @param service the service name; {@code ""} is the whole server
   * @return UNKNOWN, SERVING or NOT_SERVING
   * @throws HealthRpcException as {@link #check}
   */
  public ServingStatus checkLegacy(String service) throws HealthRpcException {
    requireNonNull(service, "service");
    dev.vitals.api.legacy.HealthCheckRequest request =
        dev.vitals.api.legacy.HealthCheckRequest.newBuilder().setService(service).build();
    try {
      dev.vitals.api.legacy.HealthCheckResponse response =
          dev.vitals.api.legacy.HealthGrpc.newBlockingStub(channel)
              .withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS)
              .check(request);
      return ServingStatus.of(StatusProtos.fromLegacy(response.getStatus()));
    } catch (StatusRuntimeException e) {
      throw HealthRpcException.from(e);
    }
  }

  /**
   * {@code grpc.health.v1.Health/List} (gRFC A90): every registered service and its status.
   *
   * @return an unmodifiable map sorted by service name
   * @throws HealthRpcException with RESOURCE_EXHAUSTED if the server has too many services to list,
   *     UNIMPLEMENTED if it does not support List, or as {@link #check}
   */
  public Map<String, ServingStatus> list() throws HealthRpcException {
    Map<String, HealthCheckResponse> statuses;
    try {
      statuses = blocking().list(HealthListRequest.getDefaultInstance()).getStatusesMap();
    } catch (StatusRuntimeException e) {
      throw HealthRpcException.from(e);
    }
    SortedMap<String, ServingStatus> sorted = new TreeMap<>();
    statuses.forEach((name, response) -> sorted.put(name, fromV1(response.getStatus())));
    return Collections.unmodifiableSortedMap(sorted);
  }

  /**
   * {@code grpc.health.v1.Health/Watch}: streams the service's status, first the current one
   * (SERVICE_UNKNOWN if it is not registered) and then every change, until cancelled or the server
   * ends the stream.
   *
   * @return the running stream; close or cancel it to stop watching
   */
  public HealthWatch watch(String service, WatchListener listener) {
    HealthCheckRequest request = request(service);
    WatchCall call = new WatchCall(requireNonNull(listener, "listener"));
    HealthGrpc.newStub(channel).watch(request, call);
    return call;
  }

  private HealthGrpc.HealthBlockingStub blocking() {
    return HealthGrpc.newBlockingStub(channel)
        .withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS);
  }

  private static HealthCheckRequest request(String service) {
    return HealthCheckRequest.newBuilder().setService(requireNonNull(service, "service")).build();
  }

  private static ServingStatus fromV1(HealthCheckResponse.ServingStatus status) {
    return ServingStatus.of(StatusProtos.fromV1(status));
  }

  /** One Watch call: forwards to the listener until cancelled. */
  private static final class WatchCall
      implements ClientResponseObserver<HealthCheckRequest, HealthCheckResponse>, HealthWatch {
    private final WatchListener listener;
    private volatile @Nullable ClientCallStreamObserver<HealthCheckRequest> call;
    private volatile boolean cancelled;

    WatchCall(WatchListener listener) {
      this.listener = listener;
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<HealthCheckRequest> call) {
      this.call = call;
    }

    @Override
    public void onNext(HealthCheckResponse response) {
      if (!cancelled) {
        listener.onStatus(fromV1(response.getStatus()));
      }
    }

    @Override
    public void onError(Throwable t) {
      if (!cancelled) {
        listener.onError(HealthRpcException.from(t));
      }
    }

    @Override
    public void onCompleted() {
      if (!cancelled) {
        listener.onCompleted();
      }
    }

    @Override
    public void cancel() {
      if (!cancelled) {
        cancelled = true;
        // beforeStart runs inside HealthGrpc's watch(), before the handle is returned: the call
        // is always there by now.
        ClientCallStreamObserver<HealthCheckRequest> started = call;
        if (started != null) {
          started.cancel("watch cancelled by the client", null);
        }
      }
    }
  }
}
