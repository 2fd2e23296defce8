package dev.vitals.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.api.health.v1.HealthCheckRequest;
import dev.vitals.api.health.v1.HealthCheckResponse;
import dev.vitals.api.health.v1.HealthCheckResponse.ServingStatus;
import dev.vitals.api.health.v1.HealthGrpc;
import dev.vitals.testing.GrpcCleanupExtension;
import dev.vitals.testing.ServerProcess;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SIGTERM to the real {@code vitals-server.jar} while it is under load: every unary call made
 * during the drain delay succeeds, every watcher sees NOT_SERVING and then the end of its stream,
 * and the process exits within the grace period.
 */
class SigtermLoadIT {
  private static final int DRAIN_DELAY_SECONDS = 5;
  private static final int GRACE_SECONDS = 3;

  /** Load stops this long after the signal: well inside the drain delay. */
  private static final int LOAD_AFTER_SIGNAL_MILLIS = 2000;

  private static final int CONNECTIONS =
      Math.min(Integer.getInteger("vitals.load.connections", 200), 100);
  private static final int WATCHERS = 200;
  private static final HealthCheckRequest WHOLE_SERVER = HealthCheckRequest.getDefaultInstance();

  @RegisterExtension final GrpcCleanupExtension cleanup = new GrpcCleanupExtension();

  /** One Watch stream's messages and end. */
  private static final class Watcher implements StreamObserver<HealthCheckResponse> {
    final List<ServingStatus> statuses = new CopyOnWriteArrayList<>();
    volatile Status end;
    final CountDownLatch first;
    final CountDownLatch ended;

    Watcher(CountDownLatch first, CountDownLatch ended) {
      this.first = first;
      this.ended = ended;
    }

    @Override
    public void onNext(HealthCheckResponse response) {
      statuses.add(response.getStatus());
      first.countDown();
    }

    @Override
    public void onError(Throwable t) {
      end = Status.fromThrowable(t);
      ended.countDown();
    }

    @Override
    public void onCompleted() {
      end = Status.OK;
      ended.countDown();
    }
  }

  @Test
  void sigtermUnderLoad_drainsWithoutFailingCallsAndExitsWithinGrace() throws Exception {
    try (ServerProcess server =
        ServerProcess.start(
            "--drain-delay", DRAIN_DELAY_SECONDS + "s", "--shutdown-grace", GRACE_SECONDS + "s")) {
      Process process = server.process();
      int port = server.port();
      List<ManagedChannel> channels = new ArrayList<>();
      for (int i = 0; i < CONNECTIONS; i++) {
        ManagedChannel channel =
            cleanup.register(
                NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build());
        assertThat(
                HealthGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(30, TimeUnit.SECONDS)
                    .check(WHOLE_SERVER)
                    .getStatus())
            .isEqualTo(ServingStatus.SERVING);
        channels.add(channel);
      }
      CountDownLatch firstMessages = new CountDownLatch(WATCHERS);
      CountDownLatch ends = new CountDownLatch(WATCHERS);
      List<Watcher> watchers = new ArrayList<>();
      for (int i = 0; i < WATCHERS; i++) {
        Watcher watcher = new Watcher(firstMessages, ends);
        watchers.add(watcher);
        HealthGrpc.newStub(channels.get(i % channels.size())).watch(WHOLE_SERVER, watcher);
      }
      assertThat(firstMessages.await(30, TimeUnit.SECONDS)).isTrue();

      AtomicLong stopAt = new AtomicLong(Long.MAX_VALUE);
      CheckLoop.Tally tally = new CheckLoop.Tally();
      CountDownLatch loopsDone = new CountDownLatch(channels.size());
      for (ManagedChannel channel : channels) {
        CheckLoop.start(HealthGrpc.newStub(channel), WHOLE_SERVER, stopAt, tally, loopsDone);
      }
      // SIGTERM through the handle: Process.destroy() would also close our end of its output.
      assertThat(process.toHandle().destroy()).isTrue();
      long signalled = System.nanoTime();
      stopAt.set(signalled + TimeUnit.MILLISECONDS.toNanos(LOAD_AFTER_SIGNAL_MILLIS));

      assertThat(loopsDone.await(60, TimeUnit.SECONDS)).isTrue();
      System.out.printf(
          "sigterm: %d Checks during the drain delay (%d NOT_SERVING), %d failed%n",
          tally.ok.get(), tally.count(ServingStatus.NOT_SERVING), tally.failures.size());
      assertThat(tally.failures).as("unary calls before the drain delay ended").isEmpty();
      assertThat(tally.ok.get()).isPositive();

      assertThat(ends.await(DRAIN_DELAY_SECONDS + GRACE_SECONDS + 30, TimeUnit.SECONDS)).isTrue();
      assertThat(watchers)
          .allSatisfy(
              w -> {
                assertThat(w.statuses)
                    .containsExactly(ServingStatus.SERVING, ServingStatus.NOT_SERVING);
                assertThat(w.end.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
              });
      // Exits within the drain delay plus the grace (plus JVM exit and a busy machine's slack).
      long leftSeconds =
          DRAIN_DELAY_SECONDS
              + GRACE_SECONDS
              + 5
              - TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - signalled);
      assertThat(process.waitFor(Math.max(leftSeconds, 1), TimeUnit.SECONDS))
          .as("process exited within drain delay + grace")
          .isTrue();
      assertThat(process.exitValue()).isZero();
    }
  }
}
