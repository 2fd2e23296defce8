package dev.vitals.server.http;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.api.health.v1.HealthCheckRequest;
import dev.vitals.api.health.v1.HealthCheckResponse.ServingStatus;
import dev.vitals.api.health.v1.HealthGrpc;
import dev.vitals.server.TestServers;
import dev.vitals.server.VitalsServer;
import dev.vitals.testing.GrpcCleanupExtension;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * What happens on the HTTP port does not reach the gRPC port: its own loop, its own limits. Every
 * Check must succeed; the numbers printed (the slowest Check) are for a person, since on a shared
 * CI machine the client's own threads compete with the flood's for the same cores.
 */
@Execution(ExecutionMode.CONCURRENT)
class HttpFloodTest {
  @RegisterExtension final GrpcCleanupExtension cleanup = new GrpcCleanupExtension();

  @Test
  void grpcChecks_allSucceed_duringAnHttpFlood() throws Exception {
    VitalsServer server =
        VitalsServer.create(
            TestServers.netty()
                .http(
                    new HttpConfig(
                        0,
                        "127.0.0.1",
                        HttpConfig.ShowDetails.ALWAYS,
                        20,
                        Duration.ofSeconds(10),
                        Duration.ofMinutes(1)))
                .build());
    ManagedChannel channel = TestServers.startNetty(cleanup, server);
    int httpPort = server.httpPort();
    HealthGrpc.HealthBlockingStub stub = HealthGrpc.newBlockingStub(channel);
    // Connected before the flood: the flood's threads share this machine's cores with the client.
    stub.withDeadlineAfter(10, TimeUnit.SECONDS).check(HealthCheckRequest.getDefaultInstance());
    AtomicBoolean flooding = new AtomicBoolean(true);
    AtomicLong httpRequests = new AtomicLong();
    AtomicLong refused = new AtomicLong();
    ExecutorService flood = Executors.newFixedThreadPool(4);
    List<Socket> idle = new ArrayList<>();
    try {
      // Idle connections that hold most of the cap, and never send a byte...
      for (int i = 0; i < 15; i++) {
        idle.add(new Socket("127.0.0.1", httpPort));
      }
      // ...and clients that open a connection per request as fast as they can.
      for (int t = 0; t < 4; t++) {
        flood.execute(
            () -> {
              while (flooding.get()) {
                try (Socket socket = new Socket("127.0.0.1", httpPort)) {
                  socket.setSoTimeout(5_000);
                  socket
                      .getOutputStream()
                      .write(
                          "GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                              .getBytes(US_ASCII));
                  InputStream in = socket.getInputStream();
                  byte[] head = in.readNBytes(12);
                  if (new String(head, US_ASCII).endsWith("503")) {
                    refused.incrementAndGet();
                  }
                  in.transferTo(java.io.OutputStream.nullOutputStream());
                  httpRequests.incrementAndGet();
                } catch (IOException e) {
                  refused.incrementAndGet();
                }
              }
            });
      }
      long checks = 0;
      long slowest = 0;
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
      while (System.nanoTime() < end) {
        long start = System.nanoTime();
        assertThat(
                stub.withDeadlineAfter(5, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.getDefaultInstance())
                    .getStatus())
            .isEqualTo(ServingStatus.SERVING);
        slowest = Math.max(slowest, System.nanoTime() - start);
        checks++;
      }
      System.out.printf(
          "HTTP flood: %d HTTP requests (%d refused at the cap); %d gRPC Checks, slowest %d ms%n",
          httpRequests.get(), refused.get(), checks, TimeUnit.NANOSECONDS.toMillis(slowest));
      assertThat(httpRequests.get()).as("HTTP requests made during the flood").isPositive();
      assertThat(checks).as("gRPC Checks, every one answered within its deadline").isPositive();

    } finally {
      flooding.set(false);
      flood.shutdown();
      assertThat(flood.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
      for (Socket socket : idle) {
        socket.close();
      }
    }
  }
}
