package dev.vitals.bench;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Heap per idle watcher. The server runs in its own JVM ({@link ServeMain}, 1 GiB heap) so that
 * only its heap is measured: after a full GC with one watcher per channel open, and again with
 * {@code watchers} more; the difference divided by {@code watchers} is the {@code
 * bytesPerIdleWatcher} counter. The primary score is Check latency with those watchers open. JMH
 * sums event counters over measurement iterations, so each iteration reports its share and the
 * summary line ({@code [Sum]}) is the figure.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 1, time = 4)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class WatchHeap {

  /** The server process, the idle watchers and the heap they cost. */
  @State(Scope.Benchmark)
  public static class Target {
    @Param({"vitals-v1", "reference-default", "reference-direct"})
    public String impl;

    @Param({"10000"})
    public int watchers;

    @Param({"8"})
    public int channels;

    ServerProcess server;
    Watchers open;
    CheckConnection check;
    long bytesPerWatcher;

    @Setup(Level.Trial)
    public void start() throws IOException, InterruptedException {
      server = new ServerProcess(Impl.parse(impl));
      check = new CheckConnection(Impl.parse(impl), server.port, new LongAdder());
      open = new Watchers(server.port, channels, channels);
      long before = server.heapAfterGc();
      open.open(watchers);
      long after = server.heapAfterGc();
      bytesPerWatcher = Math.round((after - before) / (double) watchers);
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException, InterruptedException {
      try {
        open.close();
        check.close();
      } finally {
        server.close();
      }
    }
  }

  /**
   * The measured heap per idle watcher, reported beside the score: each measurement iteration's
   * share, as JMH sums them. JMH zeroes counters before each iteration, so each call sets it.
   */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Heap {
    public double bytesPerIdleWatcher;
    private double share;

    @Setup(Level.Trial)
    public void share(Target target, BenchmarkParams params) {
      share = target.bytesPerWatcher / (double) params.getMeasurement().getCount();
    }
  }

  @Benchmark
  public Object checkWithIdleWatchers(Target target, Heap heap) {
    heap.bytesPerIdleWatcher = heap.share;
    return target.check.check();
  }
}
