import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.stub.StreamObserver;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The aggregator's figures: CPU at rest with N backends vs none, and the time from a backend's
 * flip to a Watch open on the aggregator. N gRPC health servers (grpc-java's HealthStatusManager)
 * run in this JVM on 127.0.0.1; the aggregator is a real vitals-server process with a grpc check
 * listing them (quorum all, fall 1, rise 1, interval 10s). CPU is utime+stime of the aggregator's
 * process from /proc/PID/stat over the rest window.
 *
 * <p>Run: java -cp server/target/vitals-server.jar bench/scripts/AggregatorRest.java SERVER_JAR
 * BACKENDS REST_SECONDS FLIPS
 */
public class AggregatorRest {
  public static void main(String[] args) throws Exception {
    String jar = args[0];
    int backends = Integer.parseInt(args[1]);
    int restSeconds = Integer.parseInt(args[2]);
    int flips = Integer.parseInt(args[3]);
    List<Server> servers = new ArrayList<>();
    List<HealthStatusManager> healths = new ArrayList<>();
    StringBuilder addresses = new StringBuilder();
    for (int i = 0; i < backends; i++) {
      HealthStatusManager health = new HealthStatusManager();
      Server server =
          NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
              .addService(health.getHealthService())
              .build()
              .start();
      servers.add(server);
      healths.add(health);
      addresses.append(i == 0 ? "" : ", ").append("\"127.0.0.1:").append(server.getPort()).append('"');
    }
    Path config = Files.createTempFile("aggregator", ".yaml");
    Files.writeString(
        config,
        backends == 0
            ? ""
            : "checks:\n  app:\n    grpc: { addresses: [" + addresses + "] }\n"
                + "    interval: 10s\n    timeout: 2s\n    fall: 1\n    rise: 1\n"
                + "services:\n  app: { checks: [app] }\n");
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    Process aggregator =
        new ProcessBuilder(
                "java", "-jar", jar, "--host", "127.0.0.1", "--port", String.valueOf(port),
                "--http-port", "-1", "--config", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    String service = backends == 0 ? "" : "app";
    BlockingQueue<ServingStatus> watched = new LinkedBlockingQueue<>();
    try {
      HealthGrpc.HealthBlockingStub stub = HealthGrpc.newBlockingStub(channel);
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (true) {
        try {
          if (stub.withDeadlineAfter(5, TimeUnit.SECONDS)
                  .check(HealthCheckRequest.newBuilder().setService(service).build())
                  .getStatus()
              == ServingStatus.SERVING) {
            break;
          }
        } catch (RuntimeException e) {
          // not up yet
        }
        if (System.nanoTime() > until) {
          throw new IllegalStateException("aggregator not SERVING within 120 s");
        }
        Thread.sleep(200);
      }
      HealthGrpc.newStub(channel)
          .watch(
              HealthCheckRequest.newBuilder().setService(service).build(),
              new StreamObserver<HealthCheckResponse>() {
                @Override
                public void onNext(HealthCheckResponse value) {
                  watched.add(value.getStatus());
                }

                @Override
                public void onError(Throwable t) {}

                @Override
                public void onCompleted() {}
              });
      if (watched.poll(30, TimeUnit.SECONDS) != ServingStatus.SERVING) {
        throw new IllegalStateException("no SERVING on the Watch");
      }
      Thread.sleep(10_000); // settle: JIT, the first runs
      long pid = aggregator.pid();
      long before = cpuTicks(pid);
      long start = System.nanoTime();
      Thread.sleep(restSeconds * 1000L);
      long after = cpuTicks(pid);
      double seconds = (System.nanoTime() - start) / 1e9;
      double cpuSeconds = (after - before) / 100.0; // USER_HZ = 100
      System.out.printf(
          "backends=%d rest=%.1fs aggregator_cpu=%.2fs (%.2f%% of one core)%n",
          backends, seconds, cpuSeconds, 100 * cpuSeconds / seconds);
      if (backends > 0 && flips > 0) {
        long[] downs = new long[flips];
        long[] ups = new long[flips];
        for (int i = 0; i < flips; i++) {
          HealthStatusManager health = healths.get(i % backends);
          long t0 = System.nanoTime();
          health.setStatus("", ServingStatus.NOT_SERVING);
          ServingStatus got = watched.poll(30, TimeUnit.SECONDS);
          downs[i] = System.nanoTime() - t0;
          if (got != ServingStatus.NOT_SERVING) {
            throw new IllegalStateException("flip " + i + ": Watch saw " + got);
          }
          t0 = System.nanoTime();
          health.setStatus("", ServingStatus.SERVING);
          got = watched.poll(30, TimeUnit.SECONDS);
          ups[i] = System.nanoTime() - t0;
          if (got != ServingStatus.SERVING) {
            throw new IllegalStateException("flip back " + i + ": Watch saw " + got);
          }
          Thread.sleep(100);
        }
        System.out.printf(
            "flips=%d flip_to_watch_ms NOT_SERVING median=%.2f max=%.2f SERVING median=%.2f"
                + " max=%.2f%n",
            flips, median(downs), max(downs), median(ups), max(ups));
      }
    } finally {
      channel.shutdownNow();
      aggregator.destroy();
      aggregator.waitFor(20, TimeUnit.SECONDS);
      servers.forEach(Server::shutdownNow);
      Files.deleteIfExists(config);
    }
  }

  private static long cpuTicks(long pid) throws Exception {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
  }

  private static double median(long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2] / 1e6;
  }

  private static double max(long[] nanos) {
    return Arrays.stream(nanos).max().orElse(0) / 1e6;
  }
}
