package dev.vitals.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Serves one benchmarked implementation on 127.0.0.1, for {@code bench/h2load.sh} and for {@link
 * WatchHeap}'s server process.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.vitals.bench.ServeMain [--stdin] IMPL [PORT]
 * </pre>
 *
 * <p>IMPL is vitals-v1 (also serves vitals-legacy), reference-default or reference-direct; PORT
 * defaults to 0 (any free port). It prints {@code port N} once listening. Without {@code --stdin}
 * it serves until killed. With it, it answers commands on standard input and exits when standard
 * input closes (so it never outlives its parent): {@code heap} prints {@code heap BYTES}, the heap
 * in use after a full GC.
 */
public final class ServeMain {
  private ServeMain() {}

  /** Runs the server; exit code 2 for bad arguments. */
  public static void main(String[] args) throws Exception {
    List<String> positional = new ArrayList<>();
    boolean stdin = false;
    for (String arg : args) {
      if (arg.equals("--stdin")) {
        stdin = true;
      } else {
        positional.add(arg);
      }
    }
    Impl impl;
    int port;
    try {
      if (positional.isEmpty() || positional.size() > 2) {
        throw new IllegalArgumentException("usage: ServeMain [--stdin] IMPL [PORT]");
      }
      impl = Impl.parse(positional.get(0));
      port = positional.size() == 2 ? Integer.parseInt(positional.get(1)) : 0;
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    BenchServer server = BenchServer.start(impl, port);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    server.stop();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  stopped.countDown();
                }));
    System.out.println("port " + server.port());
    System.out.flush();
    if (!stdin) {
      stopped.await();
      return;
    }
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      if (line.trim().equals("heap")) {
        System.out.println("heap " + heapAfterGc());
      } else {
        System.out.println("error unknown command '" + line.trim() + "' (expected heap)");
      }
      System.out.flush();
    }
    System.exit(0);
  }

  /** Heap in use after full collections, in bytes: the smallest of a few readings. */
  static long heapAfterGc() {
    long least = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      least = Math.min(least, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return least;
  }
}
