package dev.vitals.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vitals.api.health.v1.HealthCheckRequest;
import dev.vitals.api.health.v1.HealthCheckResponse;
import dev.vitals.api.health.v1.HealthCheckResponse.ServingStatus;
import dev.vitals.api.health.v1.HealthGrpc;
import dev.vitals.common.HealthStatus;
import dev.vitals.testing.GrpcCleanupExtension;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Load and faults against a Netty server in this JVM, on loopback, bounded in count and time. Sizes
 * come from system properties (see the server pom and the README); the defaults are the modest
 * sizes {@code ./mvnw verify} runs.
 */
class ServerLoadIT {
  private static final int CONNECTIONS = Integer.getInteger("vitals.load.connections", 200);
  private static final int SECONDS = Integer.getInteger("vitals.load.seconds", 5);
  private static final int WATCHERS = Integer.getInteger("vitals.load.watchers", 2000);
  private static final int WAVE = Integer.getInteger("vitals.load.wave", 1000);
  private static final int SLOW_READERS = Integer.getInteger("vitals.load.slowReaders", 50);

  /** Watch streams per connection in the waves: well under the per-connection default. */
  private static final int STREAMS_PER_CONNECTION = 100;

  /** How much the heap may grow (after GC) across the test: far less than a leak would add. */
  private static final long HEAP_SLACK_BYTES = 24L << 20;

  /** Hang guard for each wait below; a healthy run needs a small part of it. */
  private static final Duration GUARD = Duration.ofSeconds(60);

  @RegisterExtension final GrpcCleanupExtension cleanup = new GrpcCleanupExtension();

  private static final HealthCheckRequest DB =
      HealthCheckRequest.newBuilder().setService("db").build();

  private VitalsServer start(ServerConfigBuilder builder) throws IOException {
    return cleanup.register(VitalsServer.create(builder.build())).start();
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

  /** Heap in use after full collections: the number a leak would raise. */
  private static long heapAfterGc() {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  @Test
  void concurrentChecksOnManyConnections_haveZeroErrors() throws Exception {
    VitalsServer server =
        start(TestServers.netty().workerThreads(4).service("db", HealthStatus.SERVING));
    List<ManagedChannel> channels = channels(server, CONNECTIONS);
    // Every connection up and answering before the clock starts.
    for (ManagedChannel channel : channels) {
      assertThat(
              HealthGrpc.newBlockingStub(channel)
                  .withDeadlineAfter(30, TimeUnit.SECONDS)
                  .check(DB)
                  .getStatus())
          .isEqualTo(ServingStatus.SERVING);
    }
    AtomicLong stopAt = new AtomicLong(System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS));
    CheckLoop.Tally tally = new CheckLoop.Tally();
    CountDownLatch done = new CountDownLatch(channels.size());
    for (ManagedChannel channel : channels) {
      CheckLoop.start(HealthGrpc.newStub(channel), DB, stopAt, tally, done);
    }
    assertThat(done.await(SECONDS + GUARD.getSeconds(), TimeUnit.SECONDS))
        .as("every connection's loop ended")
        .isTrue();
    System.out.printf(
        "load: %d connections, %d s: %d Checks, %d failed%n",
        CONNECTIONS, SECONDS, tally.ok.get(), tally.failures.size());
    assertThat(tally.failures).isEmpty();
    assertThat(tally.ok.get())
        .isGreaterThanOrEqualTo(CONNECTIONS)
        .isEqualTo(tally.count(ServingStatus.SERVING));
  }

  @Test
  void watchersOpenedAndCancelledInWaves_countReturnsToZeroAndHeapToBaseline() throws Exception {
    VitalsServer server =
        start(
            TestServers.netty()
                .workerThreads(4)
                .maxWatchers(Math.max(WAVE, 10_000))
                .service("db", HealthStatus.SERVING));
    List<ManagedChannel> channels =
        channels(server, (WAVE + STREAMS_PER_CONNECTION - 1) / STREAMS_PER_CONNECTION);
    int waves = Math.max(2, (WATCHERS + WAVE - 1) / WAVE);
    long baseline = 0;
    for (int wave = 0; wave < waves; wave++) {
      server.registry().set("db", HealthStatus.SERVING);
      CountDownLatch serving = new CountDownLatch(WAVE);
      CountDownLatch notServing = new CountDownLatch(WAVE);
      ConcurrentLinkedQueue<Status> ended = new ConcurrentLinkedQueue<>();
      Context.CancellableContext context = Context.current().withCancellation();
      context.run(
          () -> {
            for (int i = 0; i < WAVE; i++) {
              HealthGrpc.newStub(channels.get(i / STREAMS_PER_CONNECTION))
                  .watch(
                      DB,
                      new StreamObserver<>() {
                        @Override
                        public void onNext(HealthCheckResponse response) {
                          (response.getStatus() == ServingStatus.SERVING ? serving : notServing)
                              .countDown();
                        }

                        @Override
                        public void onError(Throwable t) {
                          ended.add(Status.fromThrowable(t));
                        }

                        @Override
                        public void onCompleted() {
                          ended.add(Status.OK);
                        }
                      });
            }
          });
      assertThat(serving.await(GUARD.getSeconds(), TimeUnit.SECONDS))
          .as("wave %d: every watcher got SERVING", wave)
          .isTrue();
      assertThat(server.registry().watcherCount()).isEqualTo(WAVE);
      server.registry().set("db", HealthStatus.NOT_SERVING);
      assertThat(notServing.await(GUARD.getSeconds(), TimeUnit.SECONDS))
          .as("wave %d: every watcher got NOT_SERVING", wave)
          .isTrue();
      context.cancel(null);
      await().atMost(GUARD).until(() -> server.registry().watcherCount() == 0);
      assertThat(ended).allSatisfy(s -> assertThat(s.getCode()).isEqualTo(Status.Code.CANCELLED));
      if (wave == 0) {
        // After one full wave: the JIT, pools and buffers have reached their working size.
        baseline = heapAfterGc();
      }
    }
    long after = heapAfterGc();
    System.out.printf(
        "load: %d waves of %d watchers: heap after GC %d KiB, baseline %d KiB%n",
        waves, WAVE, after >> 10, baseline >> 10);
    assertThat(after)
        .as("heap after all waves (baseline %d)", baseline)
        .isLessThan(baseline + HEAP_SLACK_BYTES);
  }

  @Test
  void clientsThatStopReadingMidWatch_keepMemoryBoundedAndDrainCompletes() throws Exception {
    Duration drainDelay = Duration.ofMillis(500);
    Duration grace = Duration.ofSeconds(2);
    VitalsServer server =
        start(
            TestServers.netty()
                .drainDelay(drainDelay)
                .shutdownGrace(grace)
                .service("db", HealthStatus.SERVING));
    List<RawHttp2Connection> readers = new ArrayList<>();
    byte[] watchDb = RawHttp2Connection.grpcMessage(DB.toByteArray());
    try {
      for (int i = 0; i < SLOW_READERS; i++) {
        RawHttp2Connection reader = RawHttp2Connection.open(server.port());
        readers.add(reader);
        // Several streams per connection; then this client never reads another byte.
        for (int stream = 1; stream <= 9; stream += 2) {
          reader.sendRequestHeaders(stream, "/grpc.health.v1.Health/Watch", Map.of(), false);
          reader.sendData(stream, watchDb, true);
        }
      }
      int watchers = SLOW_READERS * 5;
      await().atMost(GUARD).until(() -> server.registry().watcherCount() == watchers);
      long before = heapAfterGc();
      int flips = 20_000;
      for (int i = 0; i < flips; i++) {
        server.registry().set("db", i % 2 == 0 ? HealthStatus.NOT_SERVING : HealthStatus.SERVING);
      }
      long after = heapAfterGc();
      System.out.printf(
          "load: %d stalled watchers, %d changes: heap after GC %d KiB, " + "before %d KiB%n",
          watchers, flips, after >> 10, before >> 10);
      assertThat(after)
          .as("heap after the changes (before: %d)", before)
          .isLessThan(before + HEAP_SLACK_BYTES);
      assertThat(server.registry().watcherCount()).isEqualTo(watchers);

      ExecutorService drainer = Executors.newSingleThreadExecutor();
      try {
        Future<?> drained =
            drainer.submit(
                () -> {
                  server.drainAndStop();
                  return null;
                });
        // Bounded wait: drain delay + grace, plus room for a busy machine.
        drained.get(drainDelay.plus(grace).plusSeconds(20).toMillis(), TimeUnit.MILLISECONDS);
      } finally {
        drainer.shutdownNow();
      }
      assertThat(server.registry().watcherCount()).isZero();
    } finally {
      for (RawHttp2Connection reader : readers) {
        reader.close();
      }
    }
  }
}
