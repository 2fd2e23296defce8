package dev.vitals.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.client.AdminClient;
import dev.vitals.client.ChecksReport;
import dev.vitals.client.HealthClient;
import dev.vitals.client.HealthWatch;
import dev.vitals.client.ServingStatus;
import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

/**
 * The image with a checks file, checking a TCP and an HTTP upstream container (busybox {@code nc}
 * and {@code httpd} in the offline base image): stopping an upstream flips the services that follow
 * it after {@code fall} failed runs, and an open Watch sees it.
 */
@Order(2)
class ChecksIT {
  private static final String TOKEN = "checks-it-admin-token";
  private static final DockerImageName BASE =
      DockerImageName.parse(System.getProperty("vitals.base.image.name", "vitals-base:25-jlink"));

  private static final String CONFIG =
      String.join(
          "\n",
          "checks:",
          "  db:",
          "    tcp: { address: \"db:5432\" }",
          "    interval: 1s",
          "    timeout: 1s",
          "    fall: 2",
          "    rise: 1",
          "    jitter: 0%",
          "  web:",
          "    http: { url: \"http://web:8080/healthz\", expect: \"200-399\" }",
          "    interval: 1s",
          "    timeout: 1s",
          "    fall: 2",
          "    rise: 1",
          "    jitter: 0%",
          "services:",
          "  orders: { checks: [db] }",
          "  shop: { checks: [web] }",
          "");

  private static final Network network = Network.newNetwork();

  @SuppressWarnings("resource")
  private static final GenericContainer<?> db =
      new GenericContainer<>(BASE)
          .withImagePullPolicy(image -> false)
          .withNetwork(network)
          .withNetworkAliases("db")
          .withCreateContainerCmdModifier(
              cmd -> cmd.withEntrypoint("nc", "-ll", "-p", "5432", "-e", "true"));

  @SuppressWarnings("resource")
  private static final GenericContainer<?> web =
      new GenericContainer<>(BASE)
          .withImagePullPolicy(image -> false)
          .withNetwork(network)
          .withNetworkAliases("web")
          .withCreateContainerCmdModifier(
              cmd ->
                  cmd.withEntrypoint(
                      "sh",
                      "-c",
                      "mkdir -p /tmp/www && echo ok > /tmp/www/healthz"
                          + " && exec httpd -f -p 8080 -h /tmp/www"));

  private static final VitalsServerContainer vitals =
      new VitalsServerContainer()
          .withAdminToken(TOKEN)
          .withNetwork(network)
          .withCopyToContainer(Transferable.of(CONFIG), "/tmp/vitals.yaml")
          .withEnv("VITALS_CONFIG", "/tmp/vitals.yaml")
          .dependsOn(db, web);

  private static ManagedChannel channel;
  private static HealthClient health;
  private static AdminClient admin;

  @BeforeAll
  static void start() {
    vitals.start();
    channel = vitals.newChannel();
    health = HealthClient.create(channel).withDeadline(Duration.ofSeconds(10));
    admin = AdminClient.create(channel, TOKEN).withDeadline(Duration.ofSeconds(10));
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    vitals.stop();
    db.stop();
    web.stop();
    network.close();
  }

  @Test
  void upstreamsStopped_servicesFlipAfterFall_seenByAnOpenWatch() throws Exception {
    assertThat(health.check("orders")).isEqualTo(ServingStatus.SERVING);
    assertThat(health.check("shop")).isEqualTo(ServingStatus.SERVING);
    assertThat(health.check("startup")).isEqualTo(ServingStatus.SERVING);
    ChecksReport report = admin.checks();
    assertThat(report.checks())
        .extracting(ChecksReport.Check::name, ChecksReport.Check::state)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("db", "PASSING"),
            org.assertj.core.groups.Tuple.tuple("web", "PASSING"));

    StatusQueue orders = new StatusQueue();
    StatusQueue shop = new StatusQueue();
    try (HealthWatch ordersWatch = health.watch("orders", orders);
        HealthWatch shopWatch = health.watch("shop", shop)) {
      assertThat(orders.nextStatus()).isEqualTo(ServingStatus.SERVING);
      assertThat(shop.nextStatus()).isEqualTo(ServingStatus.SERVING);

      db.stop();
      assertThat(orders.nextStatus()).isEqualTo(ServingStatus.NOT_SERVING);
      web.stop();
      assertThat(shop.nextStatus()).isEqualTo(ServingStatus.NOT_SERVING);
    }

    assertThat(health.check("")).isEqualTo(ServingStatus.NOT_SERVING);
    assertThat(health.check("readiness")).isEqualTo(ServingStatus.NOT_SERVING);
    assertThat(health.check("liveness")).isEqualTo(ServingStatus.SERVING);
    ChecksReport.Service history = admin.checks().service("orders");
    assertThat(history.failing()).containsExactly("db");
    assertThat(history.history()).last().satisfies(t -> assertThat(t.check()).isEqualTo("db"));
  }
}
