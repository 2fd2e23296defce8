package dev.vitals.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Server start to first SERVING: build and start the server, open a channel, and make Check calls
 * until one answers SERVING. The first iterations are a cold JVM; the later ones a warm restart.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 10)
@Measurement(iterations = 30)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@State(Scope.Benchmark)
public class Startup {
  @Param({"vitals-v1", "vitals-legacy", "reference-default", "reference-direct"})
  public String impl;

  private @Nullable BenchServer server;
  private @Nullable CheckConnection connection;

  @Benchmark
  public Object startToFirstServing() {
    Impl parsed = Impl.parse(impl);
    BenchServer started = BenchServer.start(parsed, 0);
    server = started;
    // The connection's warm-up call is the first Check; it fails unless it answers SERVING.
    CheckConnection connected = new CheckConnection(parsed, started.port(), new LongAdder());
    connection = connected;
    return connected;
  }

  @TearDown(Level.Iteration)
  public void stop() throws InterruptedException {
    try {
      if (connection != null) {
        connection.close();
      }
    } finally {
      if (server != null) {
        server.close();
      }
      connection = null;
      server = null;
    }
  }
}
