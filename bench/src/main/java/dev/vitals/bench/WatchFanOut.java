package dev.vitals.bench;

import dev.vitals.api.health.v1.HealthCheckResponse.ServingStatus;
import java.util.concurrent.TimeUnit;
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

/**
 * Watch fan-out: {@code watchers} open Watch streams over {@code channels} channels; one operation
 * flips the watched service's status and waits until the last watcher has received it.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 4)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@State(Scope.Benchmark)
public class WatchFanOut {
  @Param({"vitals-v1", "reference-default", "reference-direct"})
  public String impl;

  /** Open Watch streams; 100000 works too (give the fork more heap: {@code -jvmArgsAppend}). */
  @Param({"10000"})
  public int watchers;

  @Param({"8"})
  public int channels;

  private BenchServer server;
  private Watchers open;
  private boolean serving = true;

  @Setup(Level.Trial)
  public void start() throws InterruptedException {
    server = BenchServer.start(Impl.parse(impl), 0);
    open = new Watchers(server.port(), watchers, channels);
  }

  @TearDown(Level.Trial)
  public void stop() throws InterruptedException {
    try {
      open.close();
    } finally {
      server.close();
    }
  }

  @Benchmark
  public boolean flip() throws InterruptedException {
    serving = !serving;
    Watchers.Round round = open.expect(serving ? ServingStatus.SERVING : ServingStatus.NOT_SERVING);
    server.setServing(serving);
    round.await(serving ? "SERVING" : "NOT_SERVING");
    return serving;
  }
}
