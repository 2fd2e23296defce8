package dev.vitals.bench;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Check throughput over Netty on loopback: {@code @Threads} client threads, each with its own
 * channel, each keeping {@code concurrency} calls in flight per operation. The primary score counts
 * batches; the {@code calls} counter is Check calls per second, the number to compare.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 4)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Threads(4)
public class CheckThroughput {

  /** The server and one channel per client thread. */
  @State(Scope.Benchmark)
  public static class Target {
    @Param({"vitals-v1", "vitals-legacy", "reference-default", "reference-direct"})
    public String impl;

    /** Calls each client thread keeps in flight. */
    @Param({"1", "16"})
    public int concurrency;

    CheckTarget target;

    @Setup(Level.Trial)
    public void start(BenchmarkParams params) {
      target = new CheckTarget(Impl.parse(impl), params.getThreads());
    }

    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
      target.close();
    }
  }

  /** Check calls completed by one client thread; JMH reports them per second. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Calls {
    public long calls;

    @Setup(Level.Iteration)
    public void reset() {
      calls = 0;
    }
  }

  /** One client thread's channel. */
  @State(Scope.Thread)
  public static class Client {
    CheckConnection connection;

    @Setup(Level.Trial)
    public void pick(Target target, ThreadParams thread) {
      connection =
          target.target.connections.get(thread.getThreadIndex() % target.target.connections.size());
    }
  }

  @Benchmark
  public long checks(Target target, Client client, Calls calls) throws InterruptedException {
    int concurrency = target.concurrency;
    CountDownLatch latch = new CountDownLatch(concurrency);
    for (int i = 0; i < concurrency; i++) {
      client.connection.checkAsync(serving -> latch.countDown());
    }
    if (!latch.await(HealthClient.DEADLINE_SECONDS + 5, TimeUnit.SECONDS)) {
      throw new IllegalStateException("calls did not finish within their deadline");
    }
    calls.calls += concurrency;
    return latch.getCount();
  }
}
