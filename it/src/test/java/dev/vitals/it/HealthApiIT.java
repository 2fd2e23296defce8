package dev.vitals.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vitals.client.AdminClient;
import dev.vitals.client.HealthClient;
import dev.vitals.client.HealthRpcException;
import dev.vitals.client.HealthWatch;
import dev.vitals.client.ServingStatus;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/** The read-only health surfaces of the real image: original Health/check and grpc.health.v1. */
@Testcontainers
class HealthApiIT {
  @Container
  static final VitalsServerContainer server =
      new VitalsServerContainer().withServices("db=SERVING,cache=NOT_SERVING,warming=UNKNOWN");

  static ManagedChannel channel;
  static HealthClient health;

  @BeforeAll
  static void connect() {
    channel = server.newChannel();
    health = HealthClient.create(channel);
  }

  @AfterAll
  static void disconnect() throws InterruptedException {
    VitalsServerContainer.shutdown(channel);
  }

  @Test
  void checkLegacy_unregisteredName_answersForTheWholeServer() throws HealthRpcException {
    // The original server answered for itself whatever name was sent (clients send "test").
    assertThat(health.checkLegacy("test")).isEqualTo(ServingStatus.SERVING);
  }

  @ParameterizedTest(name = "Check(\"{0}\") = {1}, by grpc.health.v1 and by Health/check")
  @CsvSource({"'', SERVING", "db, SERVING", "cache, NOT_SERVING", "warming, UNKNOWN"})
  void check_configuredService_bothApisReturnItsStatus(String service, ServingStatus expected)
      throws HealthRpcException {
    assertThat(health.check(service)).isEqualTo(expected);
    assertThat(health.checkLegacy(service)).isEqualTo(expected);
  }

  @Test
  void check_unknownService_failsNotFound() {
    assertThatThrownBy(() -> health.check("nosuch"))
        .isInstanceOfSatisfying(
            HealthRpcException.class,
            e -> {
              assertThat(e.code()).isEqualTo(Status.Code.NOT_FOUND);
              assertThat(e.description()).contains("nosuch");
            });
  }

  @Test
  void list_returnsEveryServiceWithItsStatus() throws HealthRpcException {
    assertThat(health.list())
        .containsExactly(
            Map.entry("", ServingStatus.SERVING),
            Map.entry("cache", ServingStatus.NOT_SERVING),
            Map.entry("db", ServingStatus.SERVING),
            // The probe profiles, always registered.
            Map.entry("liveness", ServingStatus.SERVING),
            Map.entry("readiness", ServingStatus.SERVING),
            Map.entry("startup", ServingStatus.SERVING),
            Map.entry("warming", ServingStatus.UNKNOWN));
  }

  @Test
  void watch_knownService_sendsCurrentStatusFirst() throws InterruptedException {
    StatusQueue events = new StatusQueue();
    try (HealthWatch watch = health.watch("cache", events)) {
      assertThat(events.nextStatus()).isEqualTo(ServingStatus.NOT_SERVING);
    }
  }

  @Test
  void watch_unknownService_sendsServiceUnknownAndStaysOpen() throws Exception {
    StatusQueue events = new StatusQueue();
    try (HealthWatch watch = health.watch("nosuch", events)) {
      assertThat(events.nextStatus()).isEqualTo(ServingStatus.SERVICE_UNKNOWN);
      // Still open: a Check on the same channel answers while the stream is held.
      assertThat(health.check("db")).isEqualTo(ServingStatus.SERVING);
    }
  }

  @Test
  void admin_serverWithoutToken_isNotServed() {
    AdminClient admin = AdminClient.create(channel, "any-token");
    assertThatThrownBy(() -> admin.set("db", ServingStatus.NOT_SERVING))
        .isInstanceOfSatisfying(
            HealthRpcException.class,
            e -> assertThat(e.code()).isEqualTo(Status.Code.UNIMPLEMENTED));
  }
}
