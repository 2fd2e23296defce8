package dev.vitals.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.api.health.v1.HealthCheckRequest;
import dev.vitals.api.health.v1.HealthCheckResponse;
import dev.vitals.api.health.v1.HealthCheckResponse.ServingStatus;
import dev.vitals.api.health.v1.HealthGrpc;
import dev.vitals.common.HealthStatus;
import dev.vitals.testing.GrpcCleanupExtension;
import dev.vitals.testing.WatchRecorder;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Watch over real Netty with several event loops: ordering, slow readers and the drain. */
class WatchOverNettyTest {
  @RegisterExtension final GrpcCleanupExtension cleanup = new GrpcCleanupExtension();

  private VitalsServer start(int workers) throws IOException {
    return cleanup
        .register(
            VitalsServer.create(
                ServerConfig.builder()
                    .host("127.0.0.1")
                    .port(0)
                    .workerThreads(workers)
                    .service("db", HealthStatus.SERVING)
                    .drainDelay(Duration.ofSeconds(30))
                    .shutdownGrace(Duration.ofSeconds(2))
                    .build()))
        .start();
  }

  private List<ManagedChannel> channels(VitalsServer server, int count) {
    List<ManagedChannel> channels = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      channels.add(
          cleanup.register(
              NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build()));
    }
    return channels;
  }

  private static List<WatchRecorder> watch(List<ManagedChannel> channels, int count) {
    List<WatchRecorder> watchers = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      WatchRecorder recorder = new WatchRecorder();
      HealthGrpc.newStub(channels.get(i % channels.size()))
          .watch(HealthCheckRequest.newBuilder().setService("db").build(), recorder);
      watchers.add(recorder);
    }
    return watchers;
  }

  private static void allSee(List<WatchRecorder> watchers, ServingStatus status)
      throws InterruptedException {
    for (WatchRecorder watcher : watchers) {
      assertThat(watcher.next()).isEqualTo(status);
    }
  }

  @Test
  void watch_manyWatchersOnSeveralLoops_eachSeesEveryChangeInOrder() throws Exception {
    VitalsServer server = start(2);
    List<WatchRecorder> watchers = watch(channels(server, 4), 200);
    allSee(watchers, ServingStatus.SERVING);

    server.registry().set("db", HealthStatus.NOT_SERVING);
    allSee(watchers, ServingStatus.NOT_SERVING);
    server.registry().set("db", HealthStatus.SERVING);
    server.registry().clear("db");

    for (WatchRecorder watcher : watchers) {
      assertThat(watcher.next()).isEqualTo(ServingStatus.SERVING);
      assertThat(watcher.next()).isEqualTo(ServingStatus.SERVICE_UNKNOWN);
    }
  }

  @Test
  void watch_stalledReaderOverNetty_endsOnTheCurrentStatusWithNoRepeats() throws Exception {
    VitalsServer server = start(1);
    ManagedChannel channel = channels(server, 1).get(0);
    BlockingQueue<ServingStatus> received = new LinkedBlockingQueue<>();
    ClientCall<HealthCheckRequest, HealthCheckResponse> call =
        TestServers.watchReadingOne(channel, "db", received);
    assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo(ServingStatus.SERVING);

    for (int i = 0; i < 20_000; i++) {
      server.registry().set("db", i % 2 == 0 ? HealthStatus.NOT_SERVING : HealthStatus.UNKNOWN);
    }
    server.registry().set("db", HealthStatus.NOT_SERVING);
    call.request(Integer.MAX_VALUE);

    ServingStatus previous = ServingStatus.SERVING;
    ServingStatus last = null;
    while (last != ServingStatus.NOT_SERVING || !received.isEmpty()) {
      ServingStatus next = received.poll(5, TimeUnit.SECONDS);
      assertThat(next).as("a status after %s", previous).isNotNull().isNotEqualTo(previous);
      previous = next;
      last = next;
    }
    assertThat(last)
        .as("the last status received is the current one")
        .isEqualTo(ServingStatus.NOT_SERVING);
    call.cancel("done", null);
  }

  @Test
  void drainAndStop_overNetty_watchersSeeNotServingThenUnavailable() throws Exception {
    VitalsServer server = start(2);
    List<WatchRecorder> watchers = watch(channels(server, 3), 30);
    allSee(watchers, ServingStatus.SERVING);

    CompletableFuture<Void> drained = TestServers.drainAndStopAsync(server);
    allSee(watchers, ServingStatus.NOT_SERVING);
    server.endDrainDelay();
    drained.get(20, TimeUnit.SECONDS);

    for (WatchRecorder watcher : watchers) {
      Status end = watcher.awaitEnd();
      assertThat(end.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(end.getDescription()).isEqualTo("vitals server is shutting down");
      assertThat(watcher.drainReceived()).isEmpty();
    }
    assertThat(server.registry().watcherCount()).isZero();
  }
}
