package dev.vitals.server.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random results, run completions and clock moves (seeded, so a failure repeats), with the engine's
 * invariants checked after every step.
 */
class ChecksRandomTest {
  @Test
  void randomSchedule_keepsTheInvariants() {
    for (long seed = 1; seed <= 10; seed++) {
      run(new Random(seed));
    }
  }

  private static void run(Random random) {
    FakeScheduler clock = new FakeScheduler();
    ManualExecutor executor = new ManualExecutor();
    Map<String, CheckSpec> specs = new LinkedHashMap<>();
    Map<String, ScriptedCheck> scripted = new HashMap<>();
    for (String name : List.of("a", "b", "c")) {
      Duration interval = Duration.ofSeconds(1 + random.nextInt(10));
      specs.put(
          name,
          new CheckSpec(
              name,
              new CheckTarget.Tcp("127.0.0.1", 9),
              interval,
              Duration.ofSeconds(1 + random.nextInt(5)),
              Duration.ofMillis(200 + random.nextInt(3000)),
              1 + random.nextInt(3),
              1 + random.nextInt(3),
              random.nextInt(50),
              !name.equals("c"),
              false));
      scripted.put(name, new ScriptedCheck());
    }
    Map<String, List<String>> services = Map.of("ab", List.of("a", "b"), "bc", List.of("b", "c"));
    Map<String, ServiceStatus> pushed = new HashMap<>();
    StatusSink sink =
        (service, status) -> {
          assertThat(pushed.put(service, status)).as("repeat for %s", service).isNotEqualTo(status);
        };
    HistoryPolicy policy = new HistoryPolicy(5, 2, Duration.ofMinutes(1));
    try (Checks checks =
        Checks.builder(new ChecksConfig(specs, services), sink)
            .scheduler(clock)
            .executor(executor)
            .history(policy)
            .random(random::nextDouble)
            .checkFactory((spec, scheduler) -> scripted.get(spec.name()))
            .build()) {
      checks.start();
      for (int step = 0; step < 500; step++) {
        switch (random.nextInt(4)) {
          case 0:
            String name = List.of("a", "b", "c").get(random.nextInt(3));
            scripted.get(name).passing(random.nextBoolean());
            break;
          case 1:
            if (executor.queued() > 0) {
              executor.runNext();
            }
            break;
          default:
            clock.advance(Duration.ofMillis(random.nextInt(4000)));
            break;
        }
        assertThat(executor.queued()).isLessThanOrEqualTo(specs.size());
        ChecksSnapshot snapshot = checks.snapshot();
        Map<String, CheckState> states = new HashMap<>();
        snapshot.checks().forEach(c -> states.put(c.name(), c.state()));
        for (ServiceSnapshot service : snapshot.services()) {
          assertThat(service.status()).isEqualTo(expected(service, states, specs));
          assertThat(pushed.get(service.name())).isEqualTo(service.status());
          assertThat(service.history()).hasSizeLessThanOrEqualTo(policy.size());
        }
      }
    }
  }

  private static ServiceStatus expected(
      ServiceSnapshot service, Map<String, CheckState> states, Map<String, CheckSpec> specs) {
    boolean failing = false;
    for (String check : service.checks()) {
      if (states.get(check) == CheckState.UNKNOWN) {
        return ServiceStatus.UNKNOWN;
      }
      failing |= specs.get(check).critical() && states.get(check) == CheckState.FAILING;
    }
    return failing ? ServiceStatus.NOT_SERVING : ServiceStatus.SERVING;
  }
}
