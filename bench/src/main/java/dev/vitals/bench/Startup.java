package dev.vitals.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
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

  private BenchServer server;
  private CheckConnection connection;

  @Benchmark
  public Object startToFirstServing() {
    Impl parsed = Impl.parse(impl);
    server = BenchServer.start(parsed, 0);
    // The connection's warm-up call is the first Check; it fails unless it answers SERVING.
    connection = new CheckConnection(parsed, server.port(), new LongAdder());
    return connection;
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
