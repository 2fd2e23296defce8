package dev.vitals.bench;

import dev.vitals.api.health.v1.HealthCheckRequest;
import dev.vitals.api.health.v1.HealthCheckResponse;
import dev.vitals.api.health.v1.HealthGrpc;
import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.TimeUnit;

/**
 * The one client every benchmark uses, whatever the server: the generated stubs of the api module,
 * calling grpc.health.v1 Check (or the original {@code /Health/check} for vitals-legacy) for the
 * whole server ({@code ""}).
 */
abstract class HealthClient {
  /** Generous: a call that takes this long is a failure, not a slow sample. */
  static final long DEADLINE_SECONDS = 10;

  /** A plaintext channel to 127.0.0.1:{@code port}; the same settings for every server. */
  static ManagedChannel channel(int port) {
    return NettyChannelBuilder.forAddress("127.0.0.1", port)
        .usePlaintext()
        .directExecutor()
        .build();
  }

  static HealthClient forImpl(Impl impl, Channel channel) {
    return impl.isLegacy() ? new Legacy(channel) : new V1(channel);
  }

  /** One blocking Check; returns the response so that the JIT cannot drop the call. */
  abstract Object check();

  /** Whether {@code response} from {@link #check()} says SERVING. */
  abstract boolean isServing(Object response);

  /** One asynchronous Check; {@code done} is told whether it answered SERVING (false on error). */
  abstract void checkAsync(Done done);

  /** The outcome of an asynchronous Check. */
  interface Done {
    void done(boolean serving);
  }

  private static final class V1 extends HealthClient {
    private static final HealthCheckRequest REQUEST = HealthCheckRequest.getDefaultInstance();
    private final HealthGrpc.HealthBlockingStub blocking;
    private final HealthGrpc.HealthStub async;

    V1(Channel channel) {
      blocking = HealthGrpc.newBlockingStub(channel);
      async = HealthGrpc.newStub(channel);
    }

    @Override
    Object check() {
      return blocking.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS).check(REQUEST);
    }

    @Override
    boolean isServing(Object response) {
      return ((HealthCheckResponse) response).getStatus()
          == HealthCheckResponse.ServingStatus.SERVING;
    }

    @Override
    void checkAsync(Done done) {
      async
          .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
          .check(
              REQUEST,
              new StreamObserver<>() {
                @Override
                public void onNext(HealthCheckResponse response) {
                  done.done(isServing(response));
                }

                @Override
                public void onError(Throwable t) {
                  done.done(false);
                }

                @Override
                public void onCompleted() {}
              });
    }
  }

  private static final class Legacy extends HealthClient {
    private static final dev.vitals.api.legacy.HealthCheckRequest REQUEST =
        dev.vitals.api.legacy.HealthCheckRequest.getDefaultInstance();
    private final dev.vitals.api.legacy.HealthGrpc.HealthBlockingStub blocking;
    private final dev.vitals.api.legacy.HealthGrpc.HealthStub async;

    Legacy(Channel channel) {
      blocking = dev.vitals.api.legacy.HealthGrpc.newBlockingStub(channel);
      async = dev.vitals.api.legacy.HealthGrpc.newStub(channel);
    }

    @Override
    Object check() {
      return blocking.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS).check(REQUEST);
    }

    @Override
    boolean isServing(Object response) {
      return ((dev.vitals.api.legacy.HealthCheckResponse) response).getStatus()
          == dev.vitals.api.legacy.HealthCheckResponse.ServingStatus.SERVING;
    }

    @Override
    void checkAsync(Done done) {
      async
          .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
          .check(
              REQUEST,
              new StreamObserver<>() {
                @Override
                public void onNext(dev.vitals.api.legacy.HealthCheckResponse response) {
                  done.done(isServing(response));
                }

                @Override
                public void onError(Throwable t) {
                  done.done(false);
                }

                @Override
                public void onCompleted() {}
              });
    }
  }
}
