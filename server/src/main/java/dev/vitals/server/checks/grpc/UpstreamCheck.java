package dev.vitals.server.checks.grpc;

import dev.vitals.api.health.v1.HealthCheckRequest;
import dev.vitals.api.health.v1.HealthCheckResponse;
import dev.vitals.api.health.v1.HealthGrpc;
import dev.vitals.common.Durations;
import dev.vitals.server.checks.BackendSnapshot;
import dev.vitals.server.checks.Check;
import dev.vitals.server.checks.CheckOutcome;
import dev.vitals.server.checks.CheckSpec;
import dev.vitals.server.checks.CheckTarget;
import dev.vitals.server.checks.GrpcAddress;
import dev.vitals.server.checks.Scheduler;
import io.grpc.CallOptions;
import io.grpc.ChannelCredentials;
import io.grpc.ClientCall;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.SynchronizationContext;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code grpc} check over one or many backends: every address of the configured names (and every
 * listed address), each followed with one long-lived {@code grpc.health.v1.Health/Watch} stream, or
 * with Check on the interval if it answers Watch with UNIMPLEMENTED. The check passes while {@code
 * quorum} of the backends are SERVING.
 *
 * <ul>
 *   <li>Each run re-resolves the names (so the interval is also the re-resolution interval), adds
 *       new backends, marks those missing from DNS gone (down) and forgets them after {@code
 *       forget_after}, and returns the aggregate as it stands: it waits only for backends that have
 *       not answered yet, and never beyond most of the timeout.
 *   <li>Between runs, when a Watch update changes the aggregate's verdict, the new result is handed
 *       to the engine at once ({@link Check#start}), so a derived service follows in one round trip
 *       instead of one interval.
 *   <li>A backend is down when it says so, when it has not answered within the timeout, or when its
 *       stream broke while it was SERVING and it is not back within the timeout. Broken streams are
 *       retried with exponential backoff (100 ms doubling to 5 s, jittered).
 * </ul>
 *
 * <p>State lives in a {@link SynchronizationContext}: gRPC callbacks and timers hand their work to
 * it, and results are pushed to the engine without holding any lock of this class.
 *
 * @see <a href="https://github.com/grpc/grpc/blob/master/doc/health-checking.md">gRPC Health
 *     Checking Protocol</a>
 */
final class UpstreamCheck implements Check {
  private static final Logger logger = LoggerFactory.getLogger(UpstreamCheck.class);
  private static final long FIRST_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
  private static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(5);

  private final String checkName;
  private final CheckTarget.Grpc target;
  private final List<GrpcAddress> addresses;
  private final Duration timeout;
  private final Duration pollInterval;
  private final Scheduler clock;
  private final BackendResolver resolver;
  private final ChannelCredentials credentials;
  private final HealthCheckRequest request;
  private final SynchronizationContext sync;
  private final AtomicLong resolutions = new AtomicLong();
  private final Object monitor = new Object();

  // Confined to sync.
  private final Map<String, Backend> backends = new LinkedHashMap<>();
  private final List<String> unresolved = new ArrayList<>();
  private @Nullable CheckOutcome reported;
  private long applied;
  private boolean closed;

  private volatile Verdict verdict = new Verdict(false, false, "not resolved yet", 0);
  private volatile List<BackendSnapshot> shown = List.of();
  private volatile @Nullable Consumer<CheckOutcome> results;

  /** What the backends add up to, as of resolution {@code resolution}. */
  private record Verdict(boolean decided, boolean passed, String output, long resolution) {}

  UpstreamCheck(CheckSpec spec, Scheduler clock, BackendResolver resolver) {
    this.checkName = spec.name();
    this.target = (CheckTarget.Grpc) spec.target();
    List<GrpcAddress> parsed = new ArrayList<>();
    target.addresses().forEach(address -> parsed.add(GrpcAddress.parse(address)));
    this.addresses = List.copyOf(parsed);
    this.timeout = spec.timeout();
    this.pollInterval = spec.interval();
    this.clock = clock;
    this.resolver = resolver;
    this.credentials =
        target.tls() ? TlsChannelCredentials.create() : InsecureChannelCredentials.create();
    this.request = HealthCheckRequest.newBuilder().setService(target.service()).build();
    this.sync =
        new SynchronizationContext(
            (thread, e) -> logger.error("check '{}': unexpected error", checkName, e));
  }

  @Override
  public void start(Consumer<CheckOutcome> results) {
    this.results = results;
  }

  @Override
  public CheckOutcome run(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos() * 3 / 4;
    Map<String, @Nullable InetSocketAddress> wanted = new LinkedHashMap<>();
    List<String> failed = new ArrayList<>();
    for (GrpcAddress address : addresses) {
      String host = address.host();
      if (host == null) {
        wanted.put(address.written(), null);
        continue;
      }
      try {
        for (InetSocketAddress resolved : resolver.resolve(host, address.port())) {
          wanted.putIfAbsent(name(resolved), resolved);
        }
      } catch (UnknownHostException e) {
        failed.add("cannot resolve " + host);
      }
    }
    long id = resolutions.incrementAndGet();
    sync.execute(() -> apply(wanted, failed, id));
    Verdict now;
    synchronized (monitor) {
      while (true) {
        now = verdict;
        long left = deadline - System.nanoTime();
        if ((now.decided && now.resolution >= id) || left <= 0) {
          break;
        }
        TimeUnit.NANOSECONDS.timedWait(monitor, left);
      }
    }
    CheckOutcome outcome = new CheckOutcome(now.passed, now.output);
    sync.execute(() -> reported = outcome);
    return outcome;
  }

  @Override
  public List<BackendSnapshot> backends() {
    return shown;
  }

  @Override
  public void close() {
    sync.execute(
        () -> {
          closed = true;
          backends.values().forEach(UpstreamCheck::stop);
          backends.clear();
        });
  }

  // --- the backend set ---

  private void apply(
      Map<String, @Nullable InetSocketAddress> wanted, List<String> failed, long resolution) {
    if (closed) {
      return;
    }
    applied = Math.max(applied, resolution);
    unresolved.clear();
    unresolved.addAll(failed);
    for (Map.Entry<String, @Nullable InetSocketAddress> entry : wanted.entrySet()) {
      Backend backend = backends.get(entry.getKey());
      if (backend == null) {
        backend = new Backend(entry.getKey());
        backends.put(backend.name, backend);
      } else if (backend.mode != Backend.Mode.GONE) {
        continue;
      }
      backend.mode = Backend.Mode.WATCH;
      backend.serving = null;
      backend.status = "no answer yet";
      backend.detail = "";
      backend.attempts = 0;
      backend.channel = channel(entry.getKey(), entry.getValue());
      watch(backend);
    }
    long now = clock.nanoTime();
    for (Iterator<Backend> it = backends.values().iterator(); it.hasNext(); ) {
      Backend backend = it.next();
      if (wanted.containsKey(backend.name)) {
        continue;
      }
      if (backend.mode != Backend.Mode.GONE) {
        stop(backend);
        backend.mode = Backend.Mode.GONE;
        backend.goneNanos = now;
        backend.observe(false, "gone from DNS", "", clock.now());
        logger.info("check '{}': backend {} is gone from DNS", checkName, backend.name);
      }
      if (now - backend.goneNanos >= target.forgetAfter().toNanos()) {
        it.remove();
      }
    }
    publish();
  }

  private ManagedChannel channel(String name, @Nullable InetSocketAddress address) {
    ManagedChannelBuilder<?> builder =
        address == null
            ? Grpc.newChannelBuilder(name, credentials)
            : NettyChannelBuilder.forAddress(address, credentials);
    String authority = target.authority();
    if (authority == null && address != null) {
      // The configured name, not the IP: what TLS verifies and virtual hosts expect.
      authority = configuredAuthority(address);
    }
    if (authority != null) {
      builder.overrideAuthority(authority);
    }
    return builder.userAgent("vitals-checks").build();
  }

  private String configuredAuthority(InetSocketAddress address) {
    for (GrpcAddress configured : addresses) {
      String host = configured.host();
      if (host != null && configured.port() == address.getPort()) {
        return host.indexOf(':') >= 0
            ? "[" + host + "]:" + configured.port()
            : host + ":" + configured.port();
      }
    }
    return name(address);
  }

  /** {@code ip:port}, {@code [v6]:port}: what operators see. */
  static String name(InetSocketAddress address) {
    String host =
        address.getAddress() == null
            ? address.getHostString()
            : address.getAddress().getHostAddress();
    return address.getAddress() instanceof Inet6Address
        ? "[" + host + "]:" + address.getPort()
        : host + ":" + address.getPort();
  }

  private static void stop(Backend backend) {
    backend.generation++;
    cancel(backend.next);
    cancel(backend.answerDeadline);
    cancel(backend.downAt);
    backend.next = null;
    backend.answerDeadline = null;
    backend.downAt = null;
    ClientCall<?, ?> call = backend.call;
    if (call != null) {
      call.cancel("the backend is no longer followed", null);
      backend.call = null;
    }
    ManagedChannel channel = backend.channel;
    if (channel != null) {
      channel.shutdownNow();
      backend.channel = null;
    }
  }

  // --- Watch ---

  private void watch(Backend backend) {
    ManagedChannel channel = backend.channel;
    if (channel == null) {
      return;
    }
    long generation = ++backend.generation;
    ClientCall<HealthCheckRequest, HealthCheckResponse> call =
        channel.newCall(HealthGrpc.getWatchMethod(), CallOptions.DEFAULT);
    backend.call = call;
    backend.answerDeadline =
        schedule(timeout, () -> sync.execute(() -> noAnswer(backend, generation)));
    ClientCalls.asyncServerStreamingCall(
        call,
        request,
        new StreamObserver<>() {
          @Override
          public void onNext(HealthCheckResponse response) {
            sync.execute(() -> watched(backend, generation, response));
          }

          @Override
          public void onError(Throwable t) {
            sync.execute(() -> broken(backend, generation, Status.fromThrowable(t)));
          }

          @Override
          public void onCompleted() {
            sync.execute(
                () ->
                    broken(
                        backend,
                        generation,
                        Status.UNAVAILABLE.withDescription("the Watch stream ended")));
          }
        });
  }

  private void watched(Backend backend, long generation, HealthCheckResponse response) {
    if (closed || generation != backend.generation) {
      return;
    }
    backend.attempts = 0;
    cancel(backend.answerDeadline);
    backend.answerDeadline = null;
    cancel(backend.downAt);
    backend.downAt = null;
    HealthCheckResponse.ServingStatus status = response.getStatus();
    observe(backend, status == HealthCheckResponse.ServingStatus.SERVING, status.name(), "");
  }

  private void broken(Backend backend, long generation, Status status) {
    if (closed || generation != backend.generation) {
      return;
    }
    backend.call = null;
    cancel(backend.answerDeadline);
    backend.answerDeadline = null;
    if (status.getCode() == Status.Code.UNIMPLEMENTED) {
      backend.mode = Backend.Mode.POLL;
      logger.info("check '{}': backend {} has no Watch; polling Check", checkName, backend.name);
      poll(backend);
      return;
    }
    failed(backend, status.getCode().name(), describe(status));
    retryLater(backend);
  }

  private void noAnswer(Backend backend, long generation) {
    if (closed || generation != backend.generation) {
      return;
    }
    backend.answerDeadline = null;
    ClientCall<?, ?> call = backend.call;
    backend.generation++; // the cancelled call's callbacks are not news
    if (call != null) {
      call.cancel("no answer within the timeout", null);
      backend.call = null;
    }
    failed(backend, "DEADLINE_EXCEEDED", "no answer within " + Durations.format(timeout));
    retryLater(backend);
  }

  /**
   * A failed attempt: a backend that was SERVING goes down only if it is not back within the
   * timeout (a broken stream is often just a reconnect); otherwise it is down now.
   */
  private void failed(Backend backend, String status, String detail) {
    if (Boolean.TRUE.equals(backend.serving)) {
      backend.status = status;
      backend.detail = detail + " (reconnecting)";
      if (backend.downAt == null) {
        backend.downAt =
            schedule(timeout, () -> sync.execute(() -> stillDown(backend, status, detail)));
      }
      publish();
    } else {
      observe(backend, false, status, detail);
    }
  }

  private void stillDown(Backend backend, String status, String detail) {
    if (closed || backend.downAt == null || backend.mode == Backend.Mode.GONE) {
      return;
    }
    backend.downAt = null;
    observe(
        backend, false, status, detail + " (not back within " + Durations.format(timeout) + ")");
  }

  private void retryLater(Backend backend) {
    long base = Math.min(MAX_BACKOFF_NANOS, FIRST_BACKOFF_NANOS << Math.min(backend.attempts, 20));
    backend.attempts++;
    long delay = (long) (base * (0.8 + 0.4 * ThreadLocalRandom.current().nextDouble()));
    long generation = backend.generation;
    backend.next =
        schedule(
            Duration.ofNanos(delay),
            () ->
                sync.execute(
                    () -> {
                      if (closed || generation != backend.generation) {
                        return;
                      }
                      backend.next = null;
                      ManagedChannel channel = backend.channel;
                      if (channel != null) {
                        // Reconnect now, not at the end of the channel's own (longer) backoff.
                        channel.resetConnectBackoff();
                      }
                      watch(backend);
                    }));
  }

  // --- Check polling, for backends without Watch ---

  private void poll(Backend backend) {
    ManagedChannel channel = backend.channel;
    if (closed || channel == null) {
      return;
    }
    long generation = ++backend.generation;
    ClientCall<HealthCheckRequest, HealthCheckResponse> call =
        channel.newCall(
            HealthGrpc.getCheckMethod(),
            CallOptions.DEFAULT.withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS));
    backend.call = call;
    ClientCalls.asyncUnaryCall(
        call,
        request,
        new StreamObserver<>() {
          @Override
          public void onNext(HealthCheckResponse response) {
            HealthCheckResponse.ServingStatus status = response.getStatus();
            sync.execute(
                () ->
                    polled(
                        backend,
                        generation,
                        status == HealthCheckResponse.ServingStatus.SERVING,
                        status.name(),
                        ""));
          }

          @Override
          public void onError(Throwable t) {
            Status status = Status.fromThrowable(t);
            sync.execute(
                () ->
                    polled(backend, generation, false, status.getCode().name(), describe(status)));
          }

          @Override
          public void onCompleted() {}
        });
  }

  private void polled(
      Backend backend, long generation, boolean serving, String status, String detail) {
    if (closed || generation != backend.generation) {
      return;
    }
    backend.call = null;
    observe(backend, serving, status, detail);
    ManagedChannel channel = backend.channel;
    if (!serving && channel != null) {
      channel.resetConnectBackoff();
    }
    backend.next =
        schedule(
            pollInterval,
            () ->
                sync.execute(
                    () -> {
                      if (generation == backend.generation) {
                        backend.next = null;
                        poll(backend);
                      }
                    }));
  }

  // --- the aggregate ---

  private void observe(Backend backend, boolean serving, String status, String detail) {
    if (backend.observe(serving, status, detail, clock.now())) {
      logger.info(
          "check '{}': backend {} is {}",
          checkName,
          backend.name,
          serving ? "up" : "down: " + status + (detail.isEmpty() ? "" : " " + detail));
    }
    publish();
  }

  private void publish() {
    Verdict now = compute();
    List<BackendSnapshot> snapshots = new ArrayList<>(backends.size());
    backends.values().forEach(backend -> snapshots.add(backend.snapshot()));
    shown = List.copyOf(snapshots);
    synchronized (monitor) {
      verdict = now;
      monitor.notifyAll();
    }
    Consumer<CheckOutcome> sink = results;
    CheckOutcome outcome = new CheckOutcome(now.passed, now.output);
    if (sink != null && now.decided && !outcome.equals(reported)) {
      reported = outcome;
      // Outside any lock of this class: the engine takes its own lock to record it.
      sink.accept(outcome);
    }
  }

  private Verdict compute() {
    int total = backends.size();
    int up = 0;
    List<Backend> down = new ArrayList<>();
    List<Backend> pending = new ArrayList<>();
    for (Backend backend : backends.values()) {
      if (backend.mode != Backend.Mode.GONE && Boolean.TRUE.equals(backend.serving)) {
        up++;
      } else if (backend.mode != Backend.Mode.GONE && backend.serving == null) {
        pending.add(backend);
      } else {
        down.add(backend);
      }
    }
    int needed = target.quorum().needed(total);
    boolean passed = total > 0 && up >= needed;
    boolean decided = passed || pending.isEmpty() || up + pending.size() < needed;
    String service = target.service().isEmpty() ? "" : " service '" + target.service() + "'";
    StringBuilder output = new StringBuilder();
    if (total == 1 && unresolved.isEmpty()) {
      Backend only = backends.values().iterator().next();
      output.append(only.name).append(service).append(": ").append(only.status);
      if (!only.detail.isEmpty()) {
        output.append(' ').append(only.detail);
      }
    } else {
      if (total == 0) {
        output.append("no backends").append(service);
      } else {
        output
            .append(up)
            .append(" of ")
            .append(total)
            .append(" backends")
            .append(service)
            .append(" SERVING (quorum ")
            .append(target.quorum())
            .append(": ")
            .append(needed)
            .append(" needed)");
      }
      if (!down.isEmpty()) {
        output.append("; down: ");
        for (int i = 0; i < down.size(); i++) {
          Backend backend = down.get(i);
          output.append(i == 0 ? "" : ", ").append(backend.name).append(' ').append(backend.status);
        }
      }
      if (!pending.isEmpty()) {
        output.append("; no answer yet: ");
        for (int i = 0; i < pending.size(); i++) {
          output.append(i == 0 ? "" : ", ").append(pending.get(i).name);
        }
      }
      for (String problem : unresolved) {
        output.append("; ").append(problem);
      }
    }
    return new Verdict(decided, passed, output.toString(), applied);
  }

  /** A timer, or null once the engine's timer has shut down (the engine is closing). */
  private Scheduler.@Nullable Task schedule(Duration delay, Runnable task) {
    try {
      return clock.schedule(delay, task);
    } catch (RejectedExecutionException e) {
      return null;
    }
  }

  private static String describe(Status status) {
    String description = status.getDescription();
    return description == null ? "" : description;
  }

  private static void cancel(Scheduler.@Nullable Task task) {
    if (task != null) {
      task.cancel();
    }
  }
}
