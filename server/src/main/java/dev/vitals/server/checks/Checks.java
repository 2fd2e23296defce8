package dev.vitals.server.checks;

import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.vitals.common.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checks engine: runs every configured check in the background and derives the status of the
 * services that follow them, pushing each change to a {@link StatusSink}.
 *
 * <ul>
 *   <li>Each check runs on its {@code interval} (its {@code failing_interval} after a failure),
 *       each delay moved at random by up to {@code jitter} either way; the first run comes after a
 *       random share of {@code jitter × interval}, so checks do not all start at once.
 *   <li>One run per check at a time: the next run is scheduled from the last result (as in
 *       Armeria's {@code ScheduledHealthChecker}). A run that exceeds its {@code timeout} is a
 *       failure at once; if it is still running when the next run is due, that is one more failure,
 *       and no second run is started.
 *   <li>A check is {@link CheckState#UNKNOWN} until its first result, which sets its state
 *       directly; afterwards {@code fall} failures in a row make it failing and {@code rise} passes
 *       in a row make it pass again.
 *   <li>A service is {@link ServiceStatus#UNKNOWN} until each of its checks has a result (at most
 *       {@code jitter × interval + timeout} after {@link #start()}), then {@link
 *       ServiceStatus#SERVING} while none of its critical checks is failing and {@link
 *       ServiceStatus#NOT_SERVING} otherwise. A failing non-critical check is a warning.
 *   <li>Results are cached: {@link #snapshot()} never waits for a check.
 * </ul>
 *
 * <p>Wiring: {@code Checks.builder(config, sink).build()}, then {@link #start()}; {@link #close()}
 * at shutdown.
 */
public final class Checks implements AutoCloseable {
  private static final Logger logger = LoggerFactory.getLogger(Checks.class);

  private final Object lock = new Object();
  private final Map<String, CheckRunner> checks;
  private final Map<String, DerivedService> services;
  private final StatusSink sink;
  private final ResultListener results;
  private final Scheduler scheduler;
  private final Executor executor;
  private final DoubleSupplier random;
  private final List<ExecutorService> owned;

  @GuardedBy("lock")
  private boolean started;

  @GuardedBy("lock")
  private boolean closed;

  private Checks(
      Builder builder,
      Map<String, CheckRunner> checks,
      Scheduler scheduler,
      Executor executor,
      List<ExecutorService> owned) {
    this.checks = checks;
    this.sink = builder.sink;
    this.results = builder.results;
    this.scheduler = scheduler;
    this.executor = executor;
    this.random = builder.random;
    this.owned = owned;
    Map<String, DerivedService> derived = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> entry : builder.config.services().entrySet()) {
      List<CheckRunner> followed = new ArrayList<>();
      entry.getValue().forEach(name -> followed.add(checks.get(name)));
      DerivedService service = new DerivedService(entry.getKey(), followed, builder.history);
      followed.forEach(runner -> runner.services.add(service));
      derived.put(entry.getKey(), service);
    }
    if (builder.probeProfiles) {
      List<CheckRunner> liveness = new ArrayList<>();
      checks
          .values()
          .forEach(
              runner -> {
                if (runner.spec.liveness()) {
                  liveness.add(runner);
                }
              });
      List<CheckRunner> all = new ArrayList<>(checks.values());
      profile(
          derived, ProbeProfiles.LIVENESS, liveness, builder.history, DerivedService.Rule.LIVENESS);
      profile(derived, ProbeProfiles.STARTUP, all, builder.history, DerivedService.Rule.STARTUP);
    }
    this.services = derived;
  }

  private static void profile(
      Map<String, DerivedService> derived,
      String name,
      List<CheckRunner> followed,
      HistoryPolicy history,
      DerivedService.Rule rule) {
    DerivedService service = new DerivedService(name, followed, history, rule);
    followed.forEach(runner -> runner.services.add(service));
    derived.put(name, service);
  }

  /** A builder for an engine that runs {@code config}'s checks and pushes to {@code sink}. */
  public static Builder builder(ChecksConfig config, StatusSink sink) {
    return new Builder(requireNonNull(config, "config"), requireNonNull(sink, "sink"));
  }

  /** The services whose status this engine derives ({@code ""} included when it does). */
  public Set<String> services() {
    return Collections.unmodifiableSet(services.keySet());
  }

  /**
   * Sets every derived service to UNKNOWN and schedules each check's first run.
   *
   * @throws IllegalStateException if already started or closed
   */
  public void start() {
    synchronized (lock) {
      if (started || closed) {
        throw new IllegalStateException(closed ? "closed" : "already started");
      }
      started = true;
      Instant now = scheduler.now();
      for (DerivedService service : services.values()) {
        // A service of the file starts UNKNOWN; a profile can know its status at once.
        ServiceStatus first =
            service.override != null
                ? service.override.status()
                : service.rule == DerivedService.Rule.CHECKS
                    ? ServiceStatus.UNKNOWN
                    : service.derive();
        service.moveTo(first, now, null, "");
        push(service);
      }
      for (CheckRunner runner : checks.values()) {
        if (runner.check instanceof TtlCheck ttlCheck) {
          ttlCheck.started();
        }
        runner.check.start(outcome -> pushed(runner, outcome));
        scheduleRun(
            runner, jittered(Duration.ZERO, runner.spec.interval(), runner.spec.jitterPercent()));
      }
    }
  }

  /**
   * Refreshes the {@code ttl} check {@code check}, and runs it at once unless it is running.
   *
   * @throws NoSuchElementException if there is no check of that name
   * @throws IllegalArgumentException if the check is not a {@code ttl} check
   */
  public void heartbeat(String check) {
    requireNonNull(check, "check");
    CheckRunner runner = checks.get(check);
    if (runner == null) {
      throw new NoSuchElementException("no check named '" + check + "'");
    }
    if (!(runner.check instanceof TtlCheck ttlCheck)) {
      throw new IllegalArgumentException(
          "check '" + check + "' is a " + runner.spec.target().type() + " check, not a ttl check");
    }
    ttlCheck.heartbeat();
    long token;
    synchronized (lock) {
      if (!started || closed || runner.inFlight) {
        return;
      }
      if (runner.next != null) {
        runner.next.cancel();
      }
      token = ++runner.token;
    }
    fire(runner, token);
  }

  /**
   * Sets a manual status on a derived service that wins over its checks until {@link
   * #clearOverride} or until {@code ttl} runs out (then the service goes back to its derived
   * status). A second call replaces the first, TTL included. The change is recorded in the
   * service's history with the reason {@code "override set"}.
   *
   * @param ttl how long the override lasts, or null for until cleared
   * @return the override now in force
   * @throws NoSuchElementException if the engine derives no service of that name
   * @throws IllegalArgumentException if {@code ttl} is not positive
   * @throws IllegalStateException if the engine is closed (the server is stopping)
   */
  public ServiceOverride override(String service, ServiceStatus status, @Nullable Duration ttl) {
    requireNonNull(service, "service");
    requireNonNull(status, "status");
    if (ttl != null && (ttl.isNegative() || ttl.isZero())) {
      throw new IllegalArgumentException("the TTL must be positive");
    }
    DerivedService derived = derived(service);
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("the checks are stopped: the server is shutting down");
      }
      Instant now = scheduler.now();
      cancel(derived.overrideExpiry);
      derived.overrideExpiry = null;
      long token = ++derived.overrideToken;
      derived.override = new ServiceOverride(status, now, ttl == null ? null : now.plus(ttl));
      if (ttl != null) {
        derived.overrideExpiry = scheduler.schedule(ttl, () -> expire(derived, token));
      }
      if (derived.moveTo(status, now, null, "override set")) {
        push(derived);
      }
      return derived.override;
    }
  }

  /**
   * Removes the manual status of a derived service: it goes back to the status its checks give.
   *
   * @return whether there was an override
   * @throws NoSuchElementException if the engine derives no service of that name
   * @throws IllegalStateException if the engine is closed (the server is stopping)
   */
  public boolean clearOverride(String service) {
    requireNonNull(service, "service");
    DerivedService derived = derived(service);
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("the checks are stopped: the server is shutting down");
      }
      return endOverride(derived, "override cleared");
    }
  }

  private DerivedService derived(String service) {
    DerivedService derived = services.get(service);
    if (derived == null) {
      throw new NoSuchElementException("no service named '" + service + "' is derived from checks");
    }
    return derived;
  }

  private void expire(DerivedService derived, long token) {
    synchronized (lock) {
      if (closed || token != derived.overrideToken) {
        return;
      }
      derived.overrideExpiry = null;
      endOverride(derived, "override expired");
    }
  }

  @GuardedBy("lock")
  private boolean endOverride(DerivedService derived, String reason) {
    if (derived.override == null) {
      return false;
    }
    cancel(derived.overrideExpiry);
    derived.overrideExpiry = null;
    derived.overrideToken++;
    derived.override = null;
    if (started && derived.moveTo(derived.derive(), scheduler.now(), null, reason)) {
      push(derived);
    }
    return true;
  }

  /** Every check and derived service now, from cached results. */
  public ChecksSnapshot snapshot() {
    synchronized (lock) {
      Instant now = scheduler.now();
      List<CheckSnapshot> checkSnapshots = new ArrayList<>();
      checks.values().forEach(runner -> checkSnapshots.add(runner.snapshot()));
      List<ServiceSnapshot> serviceSnapshots = new ArrayList<>();
      services.values().forEach(service -> serviceSnapshots.add(service.snapshot(now)));
      return new ChecksSnapshot(now, checkSnapshots, serviceSnapshots);
    }
  }

  /**
   * Stops scheduling, closes every check (a run in progress is interrupted when the engine owns its
   * threads) and shuts down the threads the engine made. Statuses are left as they are: the
   * server's drain sets them.
   */
  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      for (CheckRunner runner : checks.values()) {
        cancel(runner.next);
        cancel(runner.timeout);
      }
      for (DerivedService service : services.values()) {
        cancel(service.overrideExpiry);
      }
    }
    for (ExecutorService service : owned) {
      service.shutdownNow();
    }
    for (CheckRunner runner : checks.values()) {
      try {
        runner.check.close();
      } catch (RuntimeException e) {
        logger.warn("closing check '{}' failed", runner.spec.name(), e);
      }
    }
  }

  // --- running checks ---

  @GuardedBy("lock")
  private void scheduleRun(CheckRunner runner, Duration delay) {
    long token = ++runner.token;
    runner.next = scheduler.schedule(delay, () -> fire(runner, token));
  }

  private void fire(CheckRunner runner, long token) {
    long id;
    synchronized (lock) {
      if (closed || token != runner.token) {
        return;
      }
      runner.next = null;
      if (runner.inFlight) {
        // Never a second run beside a hung one: the hung one counts as one more failure.
        Duration running = Duration.ofNanos(scheduler.nanoTime() - runner.startedNanos);
        record(
            runner,
            CheckOutcome.fail(
                "still running after "
                    + Durations.format(running.truncatedTo(ChronoUnit.MILLIS))
                    + " (timeout "
                    + Durations.format(runner.spec.timeout())
                    + ")"),
            running);
        scheduleNext(runner);
        return;
      }
      runner.inFlight = true;
      runner.settled = false;
      runner.startedNanos = scheduler.nanoTime();
      id = ++runner.runs;
      runner.timeout = scheduler.schedule(runner.spec.timeout(), () -> timedOut(runner, id));
    }
    try {
      executor.execute(() -> runOnce(runner, id));
    } catch (RejectedExecutionException e) {
      finish(runner, id, CheckOutcome.fail("not run: no thread available"));
    }
  }

  private void runOnce(CheckRunner runner, long id) {
    // Set before the run: an Error that escapes still ends the run (as a failure), so the
    // check is not taken for "still running" forever.
    CheckOutcome outcome = CheckOutcome.fail("the check ended abruptly");
    try {
      CheckOutcome returned = runner.check.run(runner.spec.timeout());
      outcome = returned != null ? returned : CheckOutcome.fail("the check returned no outcome");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      outcome = CheckOutcome.fail("interrupted");
    } catch (Exception | LinkageError e) {
      String message = e.getMessage();
      outcome =
          CheckOutcome.fail(
              message == null || message.isBlank() ? e.getClass().getSimpleName() : message);
    } finally {
      finish(runner, id, outcome);
    }
  }

  private void finish(CheckRunner runner, long id, CheckOutcome outcome) {
    synchronized (lock) {
      if (id != runner.runs) {
        return;
      }
      runner.inFlight = false;
      if (runner.settled || closed) {
        return; // timed out: recorded, and the next run is already scheduled
      }
      runner.settled = true;
      cancel(runner.timeout);
      record(runner, outcome, Duration.ofNanos(scheduler.nanoTime() - runner.startedNanos));
      scheduleNext(runner);
    }
  }

  /**
   * A result the check found by itself between runs (a Watch update): recorded like a run's, the
   * schedule left as it is.
   */
  private void pushed(CheckRunner runner, CheckOutcome outcome) {
    synchronized (lock) {
      if (!closed) {
        record(runner, outcome, Duration.ZERO);
      }
    }
  }

  private void timedOut(CheckRunner runner, long id) {
    synchronized (lock) {
      if (closed || id != runner.runs || runner.settled) {
        return;
      }
      runner.settled = true;
      Duration timeout = runner.spec.timeout();
      record(runner, CheckOutcome.fail("timed out after " + Durations.format(timeout)), timeout);
      scheduleNext(runner);
    }
  }

  @GuardedBy("lock")
  private void scheduleNext(CheckRunner runner) {
    CheckResult last = runner.last;
    Duration base =
        last == null || last.passed() ? runner.spec.interval() : runner.spec.failingInterval();
    scheduleRun(runner, jittered(base, base, runner.spec.jitterPercent()));
  }

  /**
   * {@code base} moved by a random amount of up to {@code percent}% of {@code scale} either way,
   * never below zero: a delay in {@code [base - scale×p, base + scale×p]}.
   */
  private Duration jittered(Duration base, Duration scale, int percent) {
    double u = random.getAsDouble();
    return jitter(base, scale, percent, u);
  }

  /** The pure part of {@link #jittered}, for {@code u} in {@code [0, 1)}. */
  static Duration jitter(Duration base, Duration scale, int percent, double u) {
    double offset = scale.toNanos() * (percent / 100.0) * (base.isZero() ? u : 2 * u - 1);
    return Duration.ofNanos(Math.max(0, base.toNanos() + Math.round(offset)));
  }

  // --- results and derived statuses ---

  @GuardedBy("lock")
  private void record(CheckRunner runner, CheckOutcome outcome, Duration latency) {
    Instant now = scheduler.now();
    CheckResult result = new CheckResult(outcome.passed(), outcome.output(), latency, now);
    runner.last = result;
    if (outcome.passed()) {
      runner.passes++;
      runner.failures = 0;
    } else {
      runner.failures++;
      runner.passes = 0;
    }
    boolean firstPass = outcome.passed() && !runner.passedOnce;
    runner.passedOnce |= outcome.passed();
    CheckState before = runner.state;
    CheckState after = before;
    if (before == CheckState.UNKNOWN) {
      after = outcome.passed() ? CheckState.PASSING : CheckState.FAILING;
    } else if (before == CheckState.PASSING && runner.failures >= runner.spec.fall()) {
      after = CheckState.FAILING;
    } else if (before == CheckState.FAILING && runner.passes >= runner.spec.rise()) {
      after = CheckState.PASSING;
    }
    try {
      results.recorded(runner.spec.name(), result, after);
    } catch (RuntimeException e) {
      logger.error("the result listener failed on check '{}'", runner.spec.name(), e);
    }
    if (after == before && !firstPass) {
      return;
    }
    if (after != before) {
      runner.state = after;
      runner.stateSince = now;
      logger.info("check '{}' is {}: {}", runner.spec.name(), after, outcome.output());
    }
    for (DerivedService service : runner.services) {
      if (service.moveTo(service.effective(), now, runner.spec.name(), outcome.output())) {
        push(service);
      }
    }
  }

  @GuardedBy("lock")
  private void push(DerivedService service) {
    ServiceStatus status = service.status;
    if (status == null) {
      return; // never: a service is pushed only after a move to a status
    }
    try {
      sink.set(service.name, status);
    } catch (RuntimeException e) {
      logger.error("could not set service '{}' to {}", service.name, service.status, e);
    }
  }

  private static void cancel(Scheduler.@Nullable Task task) {
    if (task != null) {
      task.cancel();
    }
  }

  /** Builds a {@link Checks}; nothing reads the builder after {@link #build()}. */
  public static final class Builder {
    private final ChecksConfig config;
    private final StatusSink sink;
    private ResultListener results = ResultListener.NONE;
    private @Nullable Scheduler scheduler;
    private @Nullable Executor executor;
    private CheckFactory factory = CheckFactory.standard();
    private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();
    private HistoryPolicy history = HistoryPolicy.DEFAULT;
    private boolean probeProfiles;

    private Builder(ChecksConfig config, StatusSink sink) {
      this.config = config;
      this.sink = sink;
    }

    /** The clock and timer; by default the real clock on a thread the engine owns. */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = requireNonNull(scheduler, "scheduler");
      return this;
    }

    /**
     * Where checks run (they block); by default threads the engine owns, at most one per check,
     * since a check never runs twice at once.
     */
    public Builder executor(Executor executor) {
      this.executor = requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Told of every result recorded (the check metrics); by default {@link ResultListener#NONE}.
     */
    public Builder resultListener(ResultListener results) {
      this.results = requireNonNull(results, "results");
      return this;
    }

    /** Makes each check from its spec; by default {@link CheckFactory#standard()}. */
    public Builder checkFactory(CheckFactory factory) {
      this.factory = requireNonNull(factory, "factory");
      return this;
    }

    /** The source of jitter, values in {@code [0, 1)}; by default {@link ThreadLocalRandom}. */
    public Builder random(DoubleSupplier random) {
      this.random = requireNonNull(random, "random");
      return this;
    }

    /** History size and flapping threshold; by default {@link HistoryPolicy#DEFAULT}. */
    public Builder history(HistoryPolicy history) {
      this.history = requireNonNull(history, "history");
      return this;
    }

    /**
     * Whether the engine also derives the probe profiles {@link ProbeProfiles#LIVENESS} and {@link
     * ProbeProfiles#STARTUP} (readiness follows {@code ""} in the server's registry); default no.
     */
    public Builder probeProfiles(boolean probeProfiles) {
      this.probeProfiles = probeProfiles;
      return this;
    }

    /**
     * Makes every check (nothing runs until {@link Checks#start()}).
     *
     * @throws IllegalArgumentException if a check cannot be made (the message names it)
     */
    public Checks build() {
      if (probeProfiles) {
        for (String profile : ProbeProfiles.NAMES) {
          if (config.services().containsKey(profile)) {
            throw new IllegalArgumentException(
                "service '" + profile + "' is a built-in probe profile; choose another name");
          }
        }
      }
      List<ExecutorService> owned = new ArrayList<>();
      Scheduler clock = scheduler;
      if (clock == null) {
        ScheduledThreadPoolExecutor timer =
            new ScheduledThreadPoolExecutor(1, threads("vitals-checks-timer"));
        timer.setRemoveOnCancelPolicy(true);
        owned.add(timer);
        clock = Scheduler.of((ScheduledExecutorService) timer);
      }
      Executor workers = executor;
      if (workers == null) {
        // One thread per check is enough (one run each at a time). A queue, not rejection: a
        // thread that just recorded its result may not be back in the pool when the next run is
        // handed over; the queue never holds more than one task per check.
        int size = Math.max(1, config.checks().size());
        ThreadPoolExecutor pool =
            new ThreadPoolExecutor(
                size,
                size,
                30,
                TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(),
                threads("vitals-check"));
        pool.allowCoreThreadTimeOut(true);
        owned.add(pool);
        workers = pool;
      }
      Map<String, CheckRunner> runners = new LinkedHashMap<>();
      try {
        for (CheckSpec spec : config.checks().values()) {
          Check check;
          try {
            check = factory.create(spec, clock);
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("check '" + spec.name() + "': " + e.getMessage(), e);
          }
          runners.put(spec.name(), new CheckRunner(spec, check));
        }
      } catch (RuntimeException e) {
        runners.values().forEach(runner -> runner.check.close());
        owned.forEach(ExecutorService::shutdownNow);
        throw e;
      }
      return new Checks(this, runners, clock, workers, List.copyOf(owned));
    }

    private static ThreadFactory threads(String prefix) {
      AtomicInteger count = new AtomicInteger();
      return task -> {
        Thread thread = new Thread(task, prefix + "-" + count.incrementAndGet());
        thread.setDaemon(true);
        return thread;
      };
    }
  }
}
