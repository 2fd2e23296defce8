package dev.vitals.server.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vitals.common.HealthStatus;
import dev.vitals.server.FuzzInput;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The registry under random sequences of set, clear, subscribe, unsubscribe and drain, checked
 * against a plain map: watchers end on every final status, never get the same status twice in a
 * row, the watcher count is exact, and the listing equals the registry.
 */
class RegistryFuzzTest {
  private static final String[] NAMES = {"", "db", "cache", "queue"};
  private static final HealthStatus[] STATUSES =
      java.util.Arrays.stream(HealthStatus.values())
          .filter(HealthStatus::isSettable)
          .toArray(HealthStatus[]::new);
  private static final int MAX_WATCHERS = 6;

  /** A watcher that records what it is told. */
  private static final class Recorder implements StatusListener {
    final String service;
    final List<HealthStatus> statuses = new ArrayList<>();

    /** "closed", or "refused at N" for a refusal at a limit of N. */
    final List<String> closes = new ArrayList<>();

    boolean subscribed;

    Recorder(String service) {
      this.service = service;
    }

    @Override
    public void onStatus(HealthStatus status) {
      assertThat(closes).as("status after close").isEmpty();
      if (!statuses.isEmpty()) {
        assertThat(status)
            .as("same status twice in a row for %s", service)
            .isNotEqualTo(statuses.get(statuses.size() - 1));
      }
      statuses.add(status);
    }

    @Override
    public void onClosed() {
      closes.add("closed");
    }

    @Override
    public void onRefused(int limit) {
      closes.add("refused at " + limit);
    }

    HealthStatus last() {
      return statuses.get(statuses.size() - 1);
    }
  }

  @FuzzTest(maxDuration = "30s")
  void registry_randomOperations_keepInvariants(byte[] data) {
    run(new FuzzInput(data));
  }

  static List<byte[]> seeds() {
    Random random = new Random(7);
    List<byte[]> seeds = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      byte[] seed = new byte[random.nextInt(400)];
      random.nextBytes(seed);
      seeds.add(seed);
    }
    return seeds;
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void registry_seededRandomOperations_keepInvariants(byte[] data) {
    run(new FuzzInput(data));
  }

  private static void run(FuzzInput in) {
    StatusRegistry registry = new StatusRegistry(Clock.systemUTC(), MAX_WATCHERS);
    Map<String, HealthStatus> model = new HashMap<>();
    model.put("", HealthStatus.NOT_SERVING);
    List<Recorder> watchers = new ArrayList<>();
    boolean draining = false;
    while (in.hasMore()) {
      String name = NAMES[in.choose(NAMES.length)];
      switch (in.choose(draining ? 3 : 5)) {
        case 0 -> {
          Recorder recorder = new Recorder(name);
          boolean room = subscribedCount(watchers) < MAX_WATCHERS;
          registry.subscribe(name, recorder);
          if (room) {
            recorder.subscribed = true;
            watchers.add(recorder);
            assertThat(recorder.statuses)
                .containsExactly(model.getOrDefault(name, HealthStatus.SERVICE_UNKNOWN));
          } else {
            assertThat(recorder.statuses).isEmpty();
            assertThat(recorder.closes).containsExactly("refused at " + MAX_WATCHERS);
          }
        }
        case 1 -> {
          List<Recorder> subscribed =
              watchers.stream().filter(w -> w.subscribed).collect(Collectors.toList());
          if (!subscribed.isEmpty()) {
            Recorder recorder = subscribed.get(in.choose(subscribed.size()));
            registry.unsubscribe(recorder.service, recorder);
            recorder.subscribed = false;
          }
        }
        case 2 -> {
          registry.drain();
          draining = true;
          model.replaceAll((k, v) -> HealthStatus.NOT_SERVING);
        }
        case 3 -> {
          HealthStatus status = STATUSES[in.choose(STATUSES.length)];
          registry.set(name, status);
          model.put(name, status);
        }
        default -> {
          if (!name.isEmpty()) {
            assertThat(registry.clear(name)).isEqualTo(model.remove(name) != null);
          }
        }
      }
      assertThat(registry.watcherCount()).isEqualTo(subscribedCount(watchers));
      assertThat(
              registry.states().entrySet().stream()
                  .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().status())))
          .isEqualTo(model);
      for (Recorder watcher : watchers) {
        if (watcher.subscribed) {
          assertThat(watcher.last())
              .as("latest status of %s", watcher.service)
              .isEqualTo(model.getOrDefault(watcher.service, HealthStatus.SERVICE_UNKNOWN));
        }
      }
    }
    registry.closeWatchers();
    assertThat(registry.watcherCount()).isZero();
    for (Recorder watcher : watchers) {
      assertThat(watcher.closes).hasSize(watcher.subscribed ? 1 : 0);
      if (watcher.subscribed) {
        assertThat(watcher.closes).containsExactly("closed");
      }
    }
  }

  private static int subscribedCount(List<Recorder> watchers) {
    return (int) watchers.stream().filter(w -> w.subscribed).count();
  }
}
