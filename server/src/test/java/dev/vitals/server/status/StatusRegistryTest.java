package dev.vitals.server.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vitals.common.HealthStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class StatusRegistryTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  /** A clock the test moves by hand. */
  private static final class ManualClock extends Clock {
    private Instant now = T0;

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Instant instant() {
      return now;
    }

    void advance(Duration by) {
      now = now.plus(by);
    }
  }

  private final ManualClock clock = new ManualClock();
  private final StatusRegistry registry = new StatusRegistry(clock);

  @Test
  void new_wholeServerIsRegisteredNotServing() {
    assertThat(registry.get("")).contains(HealthStatus.NOT_SERVING);
    assertThat(registry.size()).isEqualTo(1);
  }

  @Test
  void set_returnsPreviousAndRegisters() {
    assertThat(registry.set("db", HealthStatus.SERVING)).isEmpty();
    assertThat(registry.set("db", HealthStatus.NOT_SERVING)).contains(HealthStatus.SERVING);
    assertThat(registry.get("db")).contains(HealthStatus.NOT_SERVING);
  }

  @Test
  void set_sameStatus_keepsLastChanged() {
    registry.set("db", HealthStatus.SERVING);
    clock.advance(Duration.ofSeconds(10));
    registry.set("db", HealthStatus.SERVING);
    assertThat(registry.states().get("db").lastChanged()).isEqualTo(T0);
    registry.set("db", HealthStatus.NOT_SERVING);
    assertThat(registry.states().get("db").lastChanged()).isEqualTo(T0.plusSeconds(10));
  }

  @Test
  void set_invalidNames_throwWithReason() {
    assertThatThrownBy(() -> registry.set("  ", HealthStatus.SERVING))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("blank");
    assertThatThrownBy(() -> registry.set("a\u0001b", HealthStatus.SERVING))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("control character at index 1");
    assertThatThrownBy(() -> registry.set("x".repeat(1025), HealthStatus.SERVING))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("longer than 1024 bytes");
    assertThat(registry.set("x".repeat(1024), HealthStatus.SERVING)).isEmpty();
  }

  @Test
  void set_serviceUnknown_throwsAndRegistersNothing() {
    assertThatThrownBy(() -> registry.set("db", HealthStatus.SERVICE_UNKNOWN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("SERVICE_UNKNOWN cannot be set; clear the service instead");
    assertThat(registry.get("db")).isEmpty();
  }

  @Test
  void clear_unregistersAndReportsWhetherPresent() {
    registry.set("db", HealthStatus.SERVING);
    assertThat(registry.clear("db")).isTrue();
    assertThat(registry.clear("db")).isFalse();
    assertThat(registry.get("db")).isEmpty();
    assertThatThrownBy(() -> registry.clear(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot be cleared");
  }

  @Test
  void states_isSortedSnapshot() {
    registry.set("b", HealthStatus.SERVING);
    registry.set("a", HealthStatus.UNKNOWN);
    var snapshot = registry.states();
    registry.set("c", HealthStatus.SERVING);
    assertThat(snapshot.keySet()).containsExactly("", "a", "b");
  }

  @Test
  void drain_setsEverythingNotServingAndFreezes() {
    registry.set("", HealthStatus.SERVING);
    registry.set("db", HealthStatus.UNKNOWN);
    registry.drain();
    assertThat(registry.isDraining()).isTrue();
    assertThat(registry.get("")).contains(HealthStatus.NOT_SERVING);
    assertThat(registry.get("db")).contains(HealthStatus.NOT_SERVING);
    assertThatThrownBy(() -> registry.set("db", HealthStatus.SERVING))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("draining");
    assertThatThrownBy(() -> registry.clear("db")).isInstanceOf(IllegalStateException.class);
    registry.drain();
    assertThat(registry.get("db")).contains(HealthStatus.NOT_SERVING);
  }

  @Test
  void follow_followerTakesEachOfTheLeadersStatuses_andDrainsWithIt() {
    registry.set("", HealthStatus.SERVING);
    registry.follow("readiness", "");
    assertThat(registry.get("readiness")).contains(HealthStatus.SERVING);

    registry.set("", HealthStatus.UNKNOWN);
    assertThat(registry.get("readiness")).contains(HealthStatus.UNKNOWN);

    registry.set("", HealthStatus.SERVING);
    registry.drain();
    assertThat(registry.get("readiness")).contains(HealthStatus.NOT_SERVING);
  }

  @Test
  void follow_cycle_isRefused() {
    registry.follow("b", "a");
    assertThatThrownBy(() -> registry.follow("a", "b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cycle");
    assertThatThrownBy(() -> registry.follow("a", "a"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
