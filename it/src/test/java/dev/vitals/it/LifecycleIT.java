package dev.vitals.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.vitals.client.HealthClient;
import dev.vitals.client.HealthWatch;
import dev.vitals.client.ServingStatus;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * What orchestrators do to the container: stop it (the drain) and restart it. Each test has a
 * container of its own, so the two run side by side.
 */
@Testcontainers
@Execution(ExecutionMode.CONCURRENT)
@Order(2)
class LifecycleIT {
  /** Docker's stop timeout: far above drain delay + grace, so only a hung drain reaches SIGKILL. */
  private static final int STOP_TIMEOUT_SECONDS = 60;

  @Container
  final VitalsServerContainer server =
      new VitalsServerContainer()
          .withServices("db=SERVING")
          .withDrainDelay(Duration.ofSeconds(1))
          .withShutdownGrace(Duration.ofSeconds(5));

  private ManagedChannel channel;

  @AfterEach
  void closeChannel() throws InterruptedException {
    if (channel != null) {
      VitalsServerContainer.shutdown(channel);
    }
  }

  @Test
  void dockerStop_watchersSeeNotServingThenStreamEnds_exitsZero() throws Exception {
    channel = server.newChannel();
    HealthClient health = HealthClient.create(channel);
    StatusQueue whole = new StatusQueue();
    StatusQueue db = new StatusQueue();
    try (HealthWatch w1 = health.watch("", whole);
        HealthWatch w2 = health.watch("db", db)) {
      assertThat(whole.nextStatus()).isEqualTo(ServingStatus.SERVING);
      assertThat(db.nextStatus()).isEqualTo(ServingStatus.SERVING);

      // `docker stop` blocks until the container has exited: run it beside the watchers.
      CompletableFuture<Void> stop =
          CompletableFuture.runAsync(
              () ->
                  server
                      .getDockerClient()
                      .stopContainerCmd(server.getContainerId())
                      .withTimeout(STOP_TIMEOUT_SECONDS)
                      .exec());

      assertThat(whole.nextStatus()).isEqualTo(ServingStatus.NOT_SERVING);
      assertThat(db.nextStatus()).isEqualTo(ServingStatus.NOT_SERVING);
      for (StatusQueue queue : new StatusQueue[] {whole, db}) {
        StatusQueue.Event end = queue.next();
        assertThat(end.ended()).as("stream ended after NOT_SERVING, got %s", end).isTrue();
        if (end.error() != null) {
          assertThat(end.error().code()).isEqualTo(Status.Code.UNAVAILABLE);
        }
      }
      stop.get(STOP_TIMEOUT_SECONDS + 30, TimeUnit.SECONDS);
    }

    InspectContainerResponse.ContainerState state =
        server.getDockerClient().inspectContainerCmd(server.getContainerId()).exec().getState();
    assertThat(state.getRunning()).isFalse();
    // 0 is the server's own exit after its drain; Docker's SIGKILL at the timeout would be 137.
    assertThat(state.getExitCodeLong()).isZero();
    assertThat(state.getOOMKilled()).isFalse();
    assertThat(server.getLogs())
        .contains("received SIGTERM: draining")
        .contains("vitals server stopped");
  }

  @Test
  void dockerRestart_keepsServingWithTheConfiguredStatuses() throws Exception {
    channel = server.newChannel();
    assertThat(HealthClient.create(channel).check("db")).isEqualTo(ServingStatus.SERVING);
    VitalsServerContainer.shutdown(channel);
    channel = null;

    server
        .getDockerClient()
        .restartContainerCmd(server.getContainerId())
        .withTimeout(STOP_TIMEOUT_SECONDS)
        .exec();

    InspectContainerResponse info =
        server.getDockerClient().inspectContainerCmd(server.getContainerId()).exec();
    assertThat(info.getState().getRunning()).isTrue();
    assertThat(info.getRestartCount()).isZero(); // restarted by us, not by a crash policy
    String target = server.grpcTarget();
    ServingWaitStrategy.awaitServing(target, Duration.ofSeconds(60));
    channel = VitalsServerContainer.channelTo(target);
    HealthClient health = HealthClient.create(channel);
    assertThat(health.check("")).isEqualTo(ServingStatus.SERVING);
    assertThat(health.check("db")).isEqualTo(ServingStatus.SERVING);
    // The first run drained and exited on its own: its log ends with the stop, then a new start.
    assertThat(server.getLogs())
        .containsSubsequence(
            "listening on", "received SIGTERM: draining", "vitals server stopped", "listening on");
  }
}
