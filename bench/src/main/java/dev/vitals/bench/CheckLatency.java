package dev.vitals.bench;

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
 * Check latency: one channel, one call at a time, over Netty on loopback. SampleTime reports the
 * percentiles (p50, p99, p99.9).
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 4)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@State(Scope.Benchmark)
public class CheckLatency {
  @Param({"vitals-v1", "vitals-legacy", "reference-default", "reference-direct"})
  public String impl;

  private CheckTarget target;
  private CheckConnection connection;

  @Setup(Level.Trial)
  public void start() {
    target = new CheckTarget(Impl.parse(impl), 1);
    connection = target.connections.get(0);
  }

  @TearDown(Level.Trial)
  public void stop() throws InterruptedException {
    target.close();
  }

  @Benchmark
  public Object check() {
    return connection.check();
  }
}
