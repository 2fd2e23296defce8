package dev.vitals.server.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Manual overrides (with TTLs) and the liveness and startup profiles, on a fake clock. */
class OverridesAndProfilesTest {
  private static final Duration INTERVAL = Duration.ofSeconds(10);

  private final FakeScheduler clock = new FakeScheduler();
  private final RecordingSink sink = new RecordingSink();
  private final Map<String, ScriptedCheck> scripted = new HashMap<>();
  private final Map<String, CheckSpec> specs = new LinkedHashMap<>();
  private final Map<String, List<String>> services = new LinkedHashMap<>();
  private Checks checks;

  @AfterEach
  void close() {
    if (checks != null) {
      checks.close();
    }
  }

  private ScriptedCheck check(String name, int fall, int rise, boolean liveness) {
    specs.put(
        name,
        new CheckSpec(
            name,
            new CheckTarget.Tcp("127.0.0.1", 9),
            INTERVAL,
            INTERVAL,
            Duration.ofSeconds(1),
            fall,
            rise,
            0,
            true,
            liveness));
    ScriptedCheck check = new ScriptedCheck();
    scripted.put(name, check);
    return check;
  }

  private void start(boolean profiles) {
    checks =
        Checks.builder(new ChecksConfig(specs, services), sink)
            .scheduler(clock)
            .executor(Runnable::run)
            .probeProfiles(profiles)
            .checkFactory((spec, scheduler) -> scripted.get(spec.name()))
            .build();
    checks.start();
  }

  private ServiceSnapshot service(String name) {
    return checks.snapshot().services().stream()
        .filter(s -> s.name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void override_winsOverTheChecks_untilCleared() {
    ScriptedCheck db = check("db", 1, 1, false);
    services.put("orders", List.of("db"));
    start(false);
    clock.advance(Duration.ZERO);
    sink.take();

    ServiceOverride override = checks.override("orders", ServiceStatus.NOT_SERVING, null);
    db.passing(false);
    clock.advance(INTERVAL);
    db.passing(true);
    clock.advance(INTERVAL);

    assertThat(override.until()).isNull();
    assertThat(sink.take())
        .filteredOn(c -> c.startsWith("orders="))
        .containsExactly("orders=NOT_SERVING");
    assertThat(service("orders").status()).isEqualTo(ServiceStatus.NOT_SERVING);
    assertThat(service("orders").override()).isEqualTo(override);

    assertThat(checks.clearOverride("orders")).isTrue();
    assertThat(checks.clearOverride("orders")).isFalse();
    assertThat(sink.take())
        .filteredOn(c -> c.startsWith("orders="))
        .containsExactly("orders=SERVING");
    assertThat(service("orders").override()).isNull();
    assertThat(service("orders").history())
        .extracting(Transition::reason)
        .endsWith("override set", "override cleared");
  }

  @Test
  void override_withTtl_expiresBackToTheDerivedStatus() {
    check("db", 1, 1, false).passing(false);
    services.put("orders", List.of("db"));
    start(false);
    clock.advance(Duration.ZERO);
    sink.take();

    ServiceOverride override =
        checks.override("orders", ServiceStatus.SERVING, Duration.ofMinutes(30));
    assertThat(override.until()).isEqualTo(FakeScheduler.EPOCH.plus(Duration.ofMinutes(30)));
    clock.advance(Duration.ofMinutes(29));
    assertThat(service("orders").status()).isEqualTo(ServiceStatus.SERVING);

    clock.advance(Duration.ofMinutes(1));

    assertThat(sink.take())
        .filteredOn(c -> c.startsWith("orders="))
        .containsExactly("orders=SERVING", "orders=NOT_SERVING");
    assertThat(service("orders").override()).isNull();
    Transition last = service("orders").history().get(service("orders").history().size() - 1);
    assertThat(last.reason()).isEqualTo("override expired");
    assertThat(last.check()).isNull();
  }

  @Test
  void override_replacedByASecondOne_theFirstTtlNoLongerApplies() {
    check("db", 1, 1, false).passing(false);
    services.put("orders", List.of("db"));
    start(false);
    clock.advance(Duration.ZERO);

    checks.override("orders", ServiceStatus.SERVING, Duration.ofMinutes(1));
    checks.override("orders", ServiceStatus.SERVING, null);
    clock.advance(Duration.ofMinutes(5));

    assertThat(service("orders").status()).isEqualTo(ServiceStatus.SERVING);
    assertThat(service("orders").override().until()).isNull();
  }

  @Test
  void override_badArguments_areRefused() {
    check("db", 1, 1, false);
    start(false);

    assertThatThrownBy(() -> checks.override("nope", ServiceStatus.SERVING, null))
        .isInstanceOf(NoSuchElementException.class)
        .hasMessageContaining("'nope'");
    assertThatThrownBy(() -> checks.override("", ServiceStatus.SERVING, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("positive");
    checks.close();
    assertThatThrownBy(() -> checks.override("", ServiceStatus.SERVING, null))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void profiles_withoutChecks_areServingAtOnce() {
    start(true);

    assertThat(checks.services()).containsExactly(ProbeProfiles.LIVENESS, ProbeProfiles.STARTUP);
    assertThat(sink.calls()).containsExactly("liveness=SERVING", "startup=SERVING");
  }

  @Test
  void startup_servingOnceEveryCheckPassedOnce_thenStaysServing() {
    check("db", 3, 2, false);
    ScriptedCheck api = check("api", 3, 2, false).passing(false);
    start(true);
    clock.advance(Duration.ZERO);
    assertThat(service(ProbeProfiles.STARTUP).status()).isEqualTo(ServiceStatus.UNKNOWN);

    // One pass is enough for the profile, though api is still failing (rise 2).
    api.passing(true);
    clock.advance(INTERVAL);
    assertThat(checks.snapshot().checks().get(1).state()).isEqualTo(CheckState.FAILING);
    assertThat(service(ProbeProfiles.STARTUP).status()).isEqualTo(ServiceStatus.SERVING);

    scripted.values().forEach(c -> c.passing(false));
    for (int i = 0; i < 5; i++) {
      clock.advance(INTERVAL);
    }
    assertThat(service("").status()).isEqualTo(ServiceStatus.NOT_SERVING);
    assertThat(service(ProbeProfiles.STARTUP).status()).isEqualTo(ServiceStatus.SERVING);
  }

  @Test
  void liveness_followsOnlyLivenessChecks_andIgnoresChecksWithoutAResult() {
    ScriptedCheck heart = check("heart", 2, 1, true);
    ScriptedCheck db = check("db", 1, 1, false).passing(false);
    start(true);
    assertThat(service(ProbeProfiles.LIVENESS).status()).isEqualTo(ServiceStatus.SERVING);
    assertThat(service(ProbeProfiles.LIVENESS).checks()).containsExactly("heart");

    clock.advance(Duration.ZERO);
    assertThat(db.runs).hasValue(1);
    assertThat(service("").status()).isEqualTo(ServiceStatus.NOT_SERVING);
    assertThat(service(ProbeProfiles.LIVENESS).status()).isEqualTo(ServiceStatus.SERVING);

    heart.passing(false);
    clock.advance(INTERVAL);
    assertThat(service(ProbeProfiles.LIVENESS).status()).isEqualTo(ServiceStatus.SERVING);
    clock.advance(INTERVAL);
    assertThat(service(ProbeProfiles.LIVENESS).status()).isEqualTo(ServiceStatus.NOT_SERVING);
    assertThat(service(ProbeProfiles.LIVENESS).failing()).containsExactly("heart");
  }

  @Test
  void profiles_serviceOfTheSameName_isRefused() {
    check("db", 1, 1, false);
    services.put(ProbeProfiles.STARTUP, List.of("db"));

    assertThatThrownBy(() -> start(true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'startup' is a built-in probe profile");
  }
}
