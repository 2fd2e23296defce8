package dev.vitals.bench;

import dev.vitals.api.health.v1.HealthCheckRequest;
import dev.vitals.api.health.v1.HealthCheckResponse;
import dev.vitals.api.health.v1.HealthCheckResponse.ServingStatus;
import dev.vitals.api.health.v1.HealthGrpc;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * {@code count} open grpc.health.v1 Watch streams on {@link BenchServer#SERVICE}, spread over
 * {@code channelCount} channels, and a way to wait until every one has seen a given status.
 */
// close() may be interrupted: it waits for channels and servers to terminate.
@SuppressWarnings("try")
final class Watchers implements AutoCloseable {
  private static final HealthCheckRequest REQUEST =
      HealthCheckRequest.newBuilder().setService(BenchServer.SERVICE).build();

  private int count;
  private final List<ManagedChannel> channels = new ArrayList<>();

  /** Streams that ended while they should have stayed open, or sent an unexpected status. */
  final LongAdder failures = new LongAdder();

  private volatile ServingStatus expected;
  private volatile Round round;
  private volatile boolean closing;

  /** Opens {@code count} watchers over {@code channelCount} channels; see {@link #open}. */
  Watchers(int port, int count, int channelCount) throws InterruptedException {
    for (int i = 0; i < channelCount; i++) {
      channels.add(HealthClient.channel(port));
    }
    open(count);
  }

  /**
   * Opens {@code more} watchers, round-robin over the channels, and waits until each has received
   * SERVING, its first status. The watched service must be SERVING.
   */
  void open(int more) throws InterruptedException {
    Round first = new Round(more);
    round = first;
    expected = ServingStatus.SERVING;
    for (int i = 0; i < more; i++) {
      // Watch is a long-lived stream: no deadline, it ends when the channel closes.
      HealthGrpc.newStub(channels.get(i % channels.size())).watch(REQUEST, new Watcher());
    }
    first.await("the first SERVING");
    count += more;
  }

  /** Starts a round: from now on, counts watchers that receive {@code status}. */
  Round expect(ServingStatus status) {
    Round next = new Round(count);
    round = next;
    expected = status;
    return next;
  }

  @Override
  public void close() throws InterruptedException {
    closing = true;
    for (ManagedChannel channel : channels) {
      channel.shutdownNow();
    }
    for (ManagedChannel channel : channels) {
      if (!channel.awaitTermination(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("a watcher channel did not terminate");
      }
    }
    if (failures.sum() > 0) {
      throw new IllegalStateException(failures.sum() + " watchers failed or saw a wrong status");
    }
  }

  /** One status change travelling to every watcher. */
  static final class Round {
    private final AtomicInteger remaining;
    private final CountDownLatch all = new CountDownLatch(1);

    Round(int count) {
      remaining = new AtomicInteger(count);
    }

    void received() {
      if (remaining.decrementAndGet() == 0) {
        all.countDown();
      }
    }

    /** Waits until every watcher has received the status; fails after 60 seconds. */
    void await(String what) throws InterruptedException {
      if (!all.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException(
            remaining.get() + " watchers did not receive " + what + " within 60 s");
      }
    }
  }

  private final class Watcher implements StreamObserver<HealthCheckResponse> {
    private @Nullable ServingStatus last;

    @Override
    public void onNext(HealthCheckResponse response) {
      ServingStatus status = response.getStatus();
      if (status == last) {
        return;
      }
      last = status;
      if (status == expected) {
        round.received();
      } else if (status != ServingStatus.SERVING && status != ServingStatus.NOT_SERVING) {
        failures.increment();
      }
    }

    @Override
    public void onError(Throwable t) {
      if (!closing) {
        failures.increment();
      }
    }

    @Override
    public void onCompleted() {
      if (!closing) {
        failures.increment();
      }
    }
  }
}
