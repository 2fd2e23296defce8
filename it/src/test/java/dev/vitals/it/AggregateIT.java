package dev.vitals.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vitals.client.AdminClient;
import dev.vitals.client.ChecksReport;
import dev.vitals.client.HealthClient;
import dev.vitals.client.HealthWatch;
import dev.vitals.client.ServingStatus;
import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.Network;
import org.testcontainers.images.builder.Transferable;

/**
 * Upstream aggregation on the real image: three vitals replicas behind one network alias ({@code
 * app}) and a fourth vitals whose {@code grpc} check on {@code dns:///app:8001} has quorum {@code
 * "50%"} (2 of 3). A Watch open on the aggregator sees each change of the aggregate: stopping
 * replicas, starting them again, and flips through a replica's admin API. Waits are bounded (the
 * Watch queue's 30 s, Awaitility); the flip-to-Watch times are logged, not asserted. The flips run
 * first; then replicas are stopped and started with {@code docker stop}/{@code start} (the same
 * containers, so the same alias).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Order(1)
class AggregateIT {
  private static final Logger logger = LoggerFactory.getLogger(AggregateIT.class);
  private static final String TOKEN = "aggregate-it-token";

  private static final String CONFIG =
      """
      checks:
        app:
          grpc: { address: "dns:///app:8001", quorum: "50%" }
          interval: 1s
          timeout: 2s
          fall: 1
          rise: 1
          jitter: 0%
      services:
        app: { checks: [app] }
      """;

  private static final Network network = Network.newNetwork();
  private static final List<VitalsServerContainer> replicas = new ArrayList<>();

  private static final VitalsServerContainer aggregator =
      new VitalsServerContainer()
          .withAdminToken(TOKEN)
          .withNetwork(network)
          .withCopyToContainer(Transferable.of(CONFIG), "/tmp/vitals.yaml")
          .withEnv("VITALS_CONFIG", "/tmp/vitals.yaml")
          // The JVM keeps a name 30 s by default; replicas that come back may have new addresses.
          .withEnv("JAVA_TOOL_OPTIONS", "-Dsun.net.inetaddr.ttl=1");

  private static ManagedChannel channel;
  private static HealthClient health;
  private static AdminClient admin;

  @BeforeAll
  static void start() {
    for (int i = 0; i < 3; i++) {
      VitalsServerContainer replica =
          new VitalsServerContainer()
              .withAdminToken(TOKEN)
              .withNetwork(network)
              .withNetworkAliases("app")
              .withDrainDelay(Duration.ZERO)
              .withShutdownGrace(Duration.ofSeconds(1));
      replica.start();
      replicas.add(replica);
    }
    aggregator.start();
    channel = aggregator.newChannel();
    health = HealthClient.create(channel).withDeadline(Duration.ofSeconds(10));
    admin = AdminClient.create(channel, TOKEN).withDeadline(Duration.ofSeconds(10));
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (channel != null) {
      VitalsServerContainer.shutdown(channel);
    }
    aggregator.stop();
    replicas.forEach(VitalsServerContainer::stop);
    network.close();
  }

  private static void setOnReplica(int index, ServingStatus status) throws Exception {
    ManagedChannel replica = replicas.get(index).newChannel();
    try {
      AdminClient.create(replica, TOKEN).withDeadline(Duration.ofSeconds(10)).set("", status);
    } finally {
      VitalsServerContainer.shutdown(replica);
    }
  }

  /** Every backend of the check is followed with Watch, and all three are SERVING. */
  private static boolean allThreeWatched() throws Exception {
    List<ChecksReport.Backend> backends = admin.checks().checks().get(0).backends();
    return backends.size() == 3
        && backends.stream().allMatch(b -> b.serving() && b.mode().equals("watch"));
  }

  /** {@code docker stop}: SIGTERM (the replica drains), the container and its alias kept. */
  private static void dockerStop(int index) {
    VitalsServerContainer replica = replicas.get(index);
    replica.getDockerClient().stopContainerCmd(replica.getContainerId()).withTimeout(20).exec();
  }

  private static void dockerStart(int index) {
    VitalsServerContainer replica = replicas.get(index);
    replica.getDockerClient().startContainerCmd(replica.getContainerId()).exec();
  }

  @Test
  @Order(2)
  @SuppressWarnings("try") // the Watch is open for the whole body, never referenced
  void replicasStoppedAndStarted_quorumDecides_seenByAWatchOnTheAggregator() throws Exception {
    await().atMost(60, TimeUnit.SECONDS).until(AggregateIT::allThreeWatched);
    StatusQueue app = new StatusQueue();
    try (HealthWatch watch = health.watch("app", app)) {
      assertThat(app.nextStatus()).isEqualTo(ServingStatus.SERVING);

      dockerStop(0);
      // 2 of 3 is the quorum: the aggregate stays SERVING (the check's output says who is down).
      await()
          .atMost(30, TimeUnit.SECONDS)
          .until(
              () ->
                  admin
                      .checks()
                      .checks()
                      .get(0)
                      .last()
                      .output()
                      .startsWith("2 of 3 backends SERVING"));
      assertThat(health.check("app")).isEqualTo(ServingStatus.SERVING);

      dockerStop(1);
      assertThat(app.nextStatus()).isEqualTo(ServingStatus.NOT_SERVING);
      String reason = admin.checks().checks().get(0).last().output();
      assertThat(reason).startsWith("1 of 3 backends SERVING (quorum 50%: 2 needed); down: ");

      dockerStart(0);
      dockerStart(1);
      // Two JVMs start on a busy machine: a longer bound than the Watch queue's 30 s.
      await()
          .atMost(120, TimeUnit.SECONDS)
          .until(() -> health.check("app") == ServingStatus.SERVING);
      assertThat(app.nextStatus()).isEqualTo(ServingStatus.SERVING);
    }
  }

  @Test
  @Order(1)
  @SuppressWarnings("try") // the Watch is open for the whole body, never referenced
  void replicaFlippedThroughItsAdminApi_seenByAWatchOnTheAggregator() throws Exception {
    await().atMost(60, TimeUnit.SECONDS).until(AggregateIT::allThreeWatched);
    StatusQueue app = new StatusQueue();
    try (HealthWatch watch = health.watch("app", app)) {
      assertThat(app.nextStatus()).isEqualTo(ServingStatus.SERVING);
      setOnReplica(0, ServingStatus.NOT_SERVING);
      await()
          .atMost(30, TimeUnit.SECONDS)
          .until(
              () ->
                  admin.checks().checks().get(0).backends().stream()
                          .filter(b -> !b.serving())
                          .count()
                      == 1);

      long flipped = System.nanoTime();
      setOnReplica(1, ServingStatus.NOT_SERVING);
      assertThat(app.nextStatus()).isEqualTo(ServingStatus.NOT_SERVING);
      long down = System.nanoTime() - flipped;

      flipped = System.nanoTime();
      setOnReplica(1, ServingStatus.SERVING);
      assertThat(app.nextStatus()).isEqualTo(ServingStatus.SERVING);
      long up = System.nanoTime() - flipped;
      // Logged for the record, never asserted: the machine may be busy.
      logger.info(
          "flip to the aggregator's Watch: NOT_SERVING {} ms, SERVING {} ms (admin call included)",
          TimeUnit.NANOSECONDS.toMillis(down),
          TimeUnit.NANOSECONDS.toMillis(up));

      setOnReplica(0, ServingStatus.SERVING);
    }
  }
}
