package dev.vitals.server.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.vitals.common.Durations;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChecksTest {
  private static final Duration INTERVAL = Duration.ofSeconds(10);
  private static final Duration TIMEOUT = Duration.ofSeconds(1);

  private final FakeScheduler clock = new FakeScheduler();
  private final RecordingSink sink = new RecordingSink();
  private final Map<String, Check> scripted = new HashMap<>();
  private final Map<String, CheckSpec> specs = new LinkedHashMap<>();
  private final Map<String, List<String>> services = new LinkedHashMap<>();
  private Executor executor = Runnable::run;
  private HistoryPolicy history = HistoryPolicy.DEFAULT;
  private Checks checks;

  @AfterEach
  void close() {
    if (checks != null) {
      checks.close();
    }
  }

  private static CheckSpec spec(String name, int fall, int rise, boolean critical) {
    return new CheckSpec(
        name,
        new CheckTarget.Tcp("127.0.0.1", 9),
        INTERVAL,
        INTERVAL,
        TIMEOUT,
        fall,
        rise,
        0,
        critical,
        false);
  }

  private ScriptedCheck check(CheckSpec spec) {
    specs.put(spec.name(), spec);
    ScriptedCheck check = new ScriptedCheck();
    scripted.put(spec.name(), check);
    return check;
  }

  private ScriptedCheck check(String name) {
    return check(spec(name, 3, 2, true));
  }

  private Checks start() {
    checks =
        Checks.builder(new ChecksConfig(specs, services), sink)
            .scheduler(clock)
            .executor(executor)
            .history(history)
            .checkFactory((spec, scheduler) -> scripted.get(spec.name()))
            .build();
    checks.start();
    return checks;
  }

  private ServiceSnapshot service(String name) {
    return checks.snapshot().services().stream()
        .filter(s -> s.name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private CheckSnapshot checkSnapshot(String name) {
    return checks.snapshot().checks().stream()
        .filter(s -> s.name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  /** Runs the checks due now, then every interval {@code times} times. */
  private void runIntervals(int times) {
    clock.advance(Duration.ZERO);
    for (int i = 0; i < times; i++) {
      clock.advance(INTERVAL);
    }
  }

  @Test
  void start_setsEveryDerivedServiceUnknown_andTheWholeServerFollowsCriticalChecks() {
    check("db");
    check(spec("disk", 3, 2, false));
    services.put("orders", List.of("db", "disk"));

    start();

    assertThat(sink.calls()).containsExactly("orders=UNKNOWN", "=UNKNOWN");
    assertThat(checks.services()).containsExactly("orders", "");
    assertThat(service("").checks()).containsExactly("db");
    assertThat(service("orders").unknown()).containsExactly("db", "disk");
  }

  @Test
  void pushedResult_countsLikeARun_withoutWaitingForTheInterval() {
    ScriptedCheck api = check(spec("api", 2, 1, true));
    services.put("orders", List.of("api"));
    start();
    clock.advance(Duration.ZERO);
    sink.take();

    api.push(CheckOutcome.fail("1 of 3 backends SERVING"));
    assertThat(sink.take()).isEmpty();
    api.push(CheckOutcome.fail("0 of 3 backends SERVING"));

    assertThat(sink.take()).containsExactly("orders=NOT_SERVING", "=NOT_SERVING");
    assertThat(api.runs).hasValue(1);
    assertThat(checkSnapshot("api").last().output()).isEqualTo("0 of 3 backends SERVING");
    assertThat(service("orders").history().get(service("orders").history().size() - 1).reason())
        .isEqualTo("0 of 3 backends SERVING");

    api.push(CheckOutcome.pass("3 of 3 backends SERVING"));

    assertThat(sink.take()).containsExactly("orders=SERVING", "=SERVING");
    assertThat(clock.pendingDelays()).containsExactly(INTERVAL);
  }

  @Test
  void pushedResult_afterClose_ignored() {
    ScriptedCheck api = check("api");
    services.put("orders", List.of("api"));
    start();
    clock.advance(Duration.ZERO);
    sink.take();
    checks.close();

    api.push(CheckOutcome.fail("down"));

    assertThat(sink.take()).isEmpty();
    assertThat(checkSnapshot("api").consecutiveFailures()).isZero();
  }

  @Test
  void firstResult_decidesTheStateAtOnce() {
    check("db");
    check("api").passing(false);
    services.put("orders", List.of("db", "api"));
    start();
    sink.take();

    clock.advance(Duration.ZERO);

    assertThat(checkSnapshot("db").state()).isEqualTo(CheckState.PASSING);
    assertThat(checkSnapshot("api").state()).isEqualTo(CheckState.FAILING);
    assertThat(sink.take()).containsExactly("orders=NOT_SERVING", "=NOT_SERVING");
    assertThat(service("orders").failing()).containsExactly("api");
  }

  @Test
  void service_staysUnknownUntilEveryCheckHasAResult() {
    ManualExecutor manual = new ManualExecutor();
    executor = manual;
    check("db");
    check("api");
    services.put("orders", List.of("db", "api"));
    start();
    clock.advance(Duration.ZERO);
    sink.take();

    manual.runNext();

    assertThat(service("orders").status()).isEqualTo(ServiceStatus.UNKNOWN);
    assertThat(service("orders").unknown()).containsExactly("api");
    assertThat(sink.take()).isEmpty();

    manual.runNext();

    assertThat(sink.take()).containsExactly("orders=SERVING", "=SERVING");
  }

  @Test
  void fall_needsThatManyFailuresInARow() {
    ScriptedCheck db = check(spec("db", 3, 2, true));
    start();
    runIntervals(0);
    sink.take();

    db.passing(false);
    runIntervals(2);
    assertThat(checkSnapshot("db").state()).isEqualTo(CheckState.PASSING);
    assertThat(checkSnapshot("db").consecutiveFailures()).isEqualTo(2);
    db.then(CheckOutcome.pass("back"));
    runIntervals(1);
    runIntervals(2);
    assertThat(checkSnapshot("db").state()).isEqualTo(CheckState.PASSING);
    assertThat(sink.take()).isEmpty();

    runIntervals(1);

    assertThat(checkSnapshot("db").state()).isEqualTo(CheckState.FAILING);
    assertThat(sink.take()).containsExactly("=NOT_SERVING");
  }

  @Test
  void rise_needsThatManyPassesInARow() {
    ScriptedCheck db = check(spec("db", 1, 3, true)).passing(false);
    start();
    runIntervals(0);
    sink.take();

    db.passing(true);
    runIntervals(2);
    assertThat(service("").status()).isEqualTo(ServiceStatus.NOT_SERVING);
    assertThat(checkSnapshot("db").consecutivePasses()).isEqualTo(2);

    runIntervals(1);

    assertThat(sink.take()).containsExactly("=SERVING");
  }

  @Test
  void sink_isCalledOnlyOnChange() {
    ScriptedCheck db = check("db");
    start();

    runIntervals(20);

    assertThat(sink.calls()).containsExactly("=UNKNOWN", "=SERVING");
    assertThat(db.runs).hasValue(21);
  }

  @Test
  void nonCriticalFailure_isAWarning_serviceStaysServing() {
    check("db");
    check(spec("disk", 1, 1, false)).passing(false);
    services.put("orders", List.of("db", "disk"));
    start();

    runIntervals(0);

    ServiceSnapshot orders = service("orders");
    assertThat(orders.status()).isEqualTo(ServiceStatus.SERVING);
    assertThat(orders.warnings()).containsExactly("disk");
    assertThat(orders.failing()).isEmpty();
    assertThat(service("").checks()).containsExactly("db");
  }

  @Test
  void checkThatThrows_isAFailureWithItsMessage() {
    specs.put("db", spec("db", 1, 1, true));
    scripted.put(
        "db",
        new Check() {
          @Override
          public CheckOutcome run(Duration timeout) {
            throw new IllegalStateException("pool exhausted");
          }
        });
    start();

    runIntervals(0);

    assertThat(checkSnapshot("db").last().passed()).isFalse();
    assertThat(checkSnapshot("db").last().output()).isEqualTo("pool exhausted");
  }

  @Test
  void timeout_isAFailure_andAHungCheckIsNeverRunTwiceAtOnce() {
    ManualExecutor manual = new ManualExecutor();
    executor = manual;
    ScriptedCheck db = check(spec("db", 1, 1, true));
    start();
    clock.advance(Duration.ZERO);
    manual.runNext();
    assertThat(service("").status()).isEqualTo(ServiceStatus.SERVING);

    clock.advance(INTERVAL); // second run starts and hangs
    clock.advance(TIMEOUT);

    CheckSnapshot snapshot = checkSnapshot("db");
    assertThat(snapshot.last().passed()).isFalse();
    assertThat(snapshot.last().output()).isEqualTo("timed out after 1s");
    assertThat(snapshot.last().latency()).isEqualTo(TIMEOUT);
    assertThat(service("").status()).isEqualTo(ServiceStatus.NOT_SERVING);

    clock.advance(INTERVAL); // still hung when the next run is due

    assertThat(manual.queued()).isEqualTo(1);
    assertThat(checkSnapshot("db").consecutiveFailures()).isEqualTo(2);
    assertThat(checkSnapshot("db").last().output())
        .isEqualTo("still running after 11s (timeout 1s)");

    manual.runNext(); // the hung run returns a pass, too late to count
    assertThat(db.runs).hasValue(2);
    assertThat(checkSnapshot("db").consecutiveFailures()).isEqualTo(2);

    clock.advance(INTERVAL);
    manual.runNext();
    assertThat(service("").status()).isEqualTo(ServiceStatus.SERVING);
  }

  @Test
  void failingInterval_isUsedAfterAFailedRun() {
    specs.put(
        "db",
        new CheckSpec(
            "db",
            new CheckTarget.Tcp("127.0.0.1", 9),
            INTERVAL,
            Duration.ofSeconds(2),
            TIMEOUT,
            3,
            2,
            0,
            true,
            false));
    ScriptedCheck db = new ScriptedCheck();
    scripted.put("db", db);
    start();
    clock.advance(Duration.ZERO);
    assertThat(clock.pendingDelays()).containsExactly(INTERVAL);

    db.passing(false);
    clock.advance(INTERVAL);

    assertThat(clock.pendingDelays()).containsExactly(Duration.ofSeconds(2));
    clock.advance(Duration.ofSeconds(4));
    assertThat(service("").status()).isEqualTo(ServiceStatus.NOT_SERVING);
  }

  @ParameterizedTest
  @CsvSource({
    // base, percent, u, expected
    "10s, 10, 0.0, 9000",
    "10s, 10, 0.5, 10000",
    "10s, 10, 0.9999999, 11000",
    "10s, 0, 0.9, 10000",
    "10s, 100, 0.0, 0",
    "0, 10, 0.0, 0",
    "0, 10, 0.9999999, 1000",
  })
  void jitter_staysWithinItsShareOfTheInterval(String base, int percent, double u, long millis) {
    Duration delay = Checks.jitter(Durations.parse(base), INTERVAL, percent, u);

    assertThat(Math.round(delay.toNanos() / 1e6)).isEqualTo(millis);
  }

  @Test
  void jitter_spreadsFirstRunsAndMovesEachDelay() {
    specs.put(
        "db",
        new CheckSpec(
            "db",
            new CheckTarget.Tcp("127.0.0.1", 9),
            INTERVAL,
            INTERVAL,
            TIMEOUT,
            3,
            2,
            20,
            true,
            false));
    scripted.put("db", new ScriptedCheck());
    double[] next = {0.75};
    checks =
        Checks.builder(new ChecksConfig(specs, services), sink)
            .scheduler(clock)
            .executor(executor)
            .checkFactory((spec, scheduler) -> scripted.get(spec.name()))
            .random(() -> next[0])
            .build();
    checks.start();

    assertThat(clock.pendingDelays()).containsExactly(Duration.ofMillis(1500));

    next[0] = 0.0;
    clock.advance(Duration.ofMillis(1500));
    assertThat(clock.pendingDelays()).containsExactly(Duration.ofSeconds(8));

    next[0] = 0.99999999;
    clock.advance(Duration.ofSeconds(8));
    assertThat(clock.pendingDelays().get(0))
        .isBetween(Duration.ofMillis(11_999), Duration.ofSeconds(12));
  }

  @Test
  void transitions_nameTheCheckAndItsOutput() {
    ScriptedCheck db = check(spec("db", 1, 1, true));
    start();
    runIntervals(0);
    db.then(CheckOutcome.fail("connect to db:5432: Connection refused"));

    runIntervals(1);

    List<Transition> history = service("").history();
    assertThat(history)
        .extracting(Transition::to)
        .containsExactly(ServiceStatus.UNKNOWN, ServiceStatus.SERVING, ServiceStatus.NOT_SERVING);
    Transition last = history.get(2);
    assertThat(last.from()).isEqualTo(ServiceStatus.SERVING);
    assertThat(last.check()).isEqualTo("db");
    assertThat(last.reason()).isEqualTo("connect to db:5432: Connection refused");
    assertThat(last.at()).isEqualTo(FakeScheduler.EPOCH.plus(INTERVAL));
    assertThat(service("").since()).isEqualTo(last.at());
    assertThat(history.get(0).check()).isNull();
  }

  @Test
  void flapping_moreThanKTransitionsInTheWindow_thenClearsWhenStable() {
    history = new HistoryPolicy(6, 3, Duration.ofMinutes(1));
    ScriptedCheck db = check(spec("db", 1, 1, true));
    start();
    runIntervals(0); // UNKNOWN -> SERVING: 2 transitions
    db.then(CheckOutcome.fail("a"));
    runIntervals(1); // 3
    assertThat(service("").flapping()).isFalse();

    runIntervals(1); // back to SERVING: 4 within the minute

    assertThat(service("").flapping()).isTrue();

    clock.advance(Duration.ofMinutes(1));
    assertThat(service("").flapping()).isFalse();
  }

  @Test
  void history_keepsOnlyTheLastTransitions() {
    history = new HistoryPolicy(3, 2, Duration.ofMinutes(1));
    ScriptedCheck db = check(spec("db", 1, 1, true));
    start();
    runIntervals(0);
    for (int i = 0; i < 5; i++) {
      db.then(CheckOutcome.fail("down " + i));
      runIntervals(1);
      runIntervals(1);
    }

    List<Transition> kept = service("").history();
    assertThat(kept).hasSize(3);
    assertThat(kept.get(1).reason()).isEqualTo("down 4");
  }

  @Test
  void ttl_passesWhileHeartbeatsArrive() {
    specs.put(
        "jobs",
        new CheckSpec(
            "jobs",
            new CheckTarget.Ttl(Duration.ofMinutes(2)),
            INTERVAL,
            INTERVAL,
            TIMEOUT,
            1,
            1,
            0,
            true,
            false));
    checks =
        Checks.builder(new ChecksConfig(specs, services), sink)
            .scheduler(clock)
            .executor(executor)
            .build();
    clock.advance(Duration.ofMinutes(5)); // built long before it starts: start counts
    checks.start();
    clock.advance(Duration.ZERO);
    assertThat(service("").status()).isEqualTo(ServiceStatus.SERVING);

    clock.advance(Duration.ofMinutes(2));
    assertThat(service("").status()).isEqualTo(ServiceStatus.SERVING);
    clock.advance(INTERVAL);
    assertThat(service("").status()).isEqualTo(ServiceStatus.NOT_SERVING);
    assertThat(checkSnapshot("jobs").last().output())
        .isEqualTo("no heartbeat since start 2m10s ago (ttl 2m)");

    clock.advance(Duration.ofSeconds(3));
    checks.heartbeat("jobs");

    assertThat(service("").status()).isEqualTo(ServiceStatus.SERVING);
    assertThat(checkSnapshot("jobs").last().output()).isEqualTo("last heartbeat 0s ago (ttl 2m)");
    assertThat(clock.pendingDelays()).containsExactly(INTERVAL);
  }

  @Test
  void heartbeat_unknownOrNotTtlCheck_fails() {
    check("db");
    start();

    assertThatThrownBy(() -> checks.heartbeat("nope"))
        .isInstanceOf(NoSuchElementException.class)
        .hasMessage("no check named 'nope'");
    assertThatThrownBy(() -> checks.heartbeat("db"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("check 'db' is a tcp check, not a ttl check");
  }

  @Test
  void snapshot_whileACheckHangs_answersAtOnce() throws Exception {
    ExecutorService threads = Executors.newSingleThreadExecutor();
    executor = threads;
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch running = new CountDownLatch(1);
    specs.put("db", spec("db", 3, 2, true));
    scripted.put(
        "db",
        new Check() {
          @Override
          public CheckOutcome run(Duration timeout) {
            running.countDown();
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return CheckOutcome.pass("late");
          }
        });
    try {
      start();
      clock.advance(Duration.ZERO);
      assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();

      ChecksSnapshot snapshot =
          assertTimeoutPreemptively(Duration.ofSeconds(1), () -> checks.snapshot());

      assertThat(snapshot.checks().get(0).state()).isEqualTo(CheckState.UNKNOWN);
      clock.advance(TIMEOUT);
      assertThat(checkSnapshot("db").last().output()).isEqualTo("timed out after 1s");
    } finally {
      release.countDown();
      threads.shutdown();
    }
  }

  @Test
  void close_stopsRunningAndClosesTheChecks() {
    ScriptedCheck db = check("db");
    start();
    runIntervals(1);

    checks.close();
    runIntervals(5);

    assertThat(db.runs).hasValue(2);
    assertThat(db.closed).isTrue();
    assertThat(clock.pendingDelays()).isEmpty();
    assertThatThrownBy(checks::start).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void build_theIssueExample_makesEveryTypeOfCheck() throws Exception {
    ChecksConfig config =
        ChecksConfigParser.parse(
            "vitals.yaml", new java.io.StringReader(ChecksConfigParserTest.EXAMPLE));

    try (Checks example =
        Checks.builder(config, sink).scheduler(clock).executor(executor).build()) {
      assertThat(example.services()).containsExactly("orders", "");
      assertThat(example.snapshot().checks())
          .extracting(CheckSnapshot::type)
          .containsExactly("tcp", "http", "grpc", "ttl", "exec");
      assertThat(example.snapshot().checks())
          .extracting(CheckSnapshot::target)
          .containsExactly(
              "postgres:5432",
              "http://web:8080/healthz",
              "dns:///api-headless:8001 quorum 50%",
              "heartbeat within 2m",
              "sh -c test -w /data");
    }
    assertThat(sink.calls()).isEmpty();
  }

  @Test
  void build_checkThatCannotBeMade_namesIt() {
    specs.put("db", spec("db", 1, 1, true));

    assertThatThrownBy(
            () ->
                Checks.builder(new ChecksConfig(specs, services), sink)
                    .checkFactory(
                        (spec, scheduler) -> {
                          throw new IllegalArgumentException("bad target");
                        })
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("check 'db': bad target");
  }

  @Test
  void sinkThatThrows_doesNotStopTheEngine() {
    ScriptedCheck db = check(spec("db", 1, 1, true));
    checks =
        Checks.builder(
                new ChecksConfig(specs, services),
                (service, status) -> {
                  throw new IllegalStateException("registry closed");
                })
            .scheduler(clock)
            .executor(executor)
            .checkFactory((spec, scheduler) -> scripted.get(spec.name()))
            .build();
    checks.start();

    db.passing(false);
    runIntervals(2);

    assertThat(service("").status()).isEqualTo(ServiceStatus.NOT_SERVING);
    assertThat(db.runs).hasValue(3);
  }
}
