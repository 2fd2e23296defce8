package dev.vitals.server.checks.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vitals.api.admin.v1.SetStatusRequest;
import dev.vitals.api.admin.v1.StatusAdminGrpc;
import dev.vitals.api.health.v1.HealthCheckRequest;
import dev.vitals.api.health.v1.HealthCheckResponse;
import dev.vitals.api.health.v1.HealthGrpc;
import dev.vitals.server.ServerConfig;
import dev.vitals.server.VitalsServer;
import dev.vitals.server.checks.BackendSnapshot;
import dev.vitals.server.checks.CheckFactory;
import dev.vitals.server.checks.CheckSnapshot;
import dev.vitals.server.checks.CheckTarget;
import dev.vitals.server.checks.Checks;
import dev.vitals.server.checks.ChecksConfigParser;
import dev.vitals.server.checks.ServiceStatus;
import dev.vitals.testing.BearerCredentials;
import dev.vitals.testing.GrpcCleanupExtension;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The {@code grpc} check over several backends, on the real network: real vitals servers on
 * 127.0.0.1 flipped through their admin API, a backend without Watch, one that hangs, and "DNS"
 * answered by a resolver the test controls. Waits are bounded (Awaitility), never timed.
 */
@Execution(ExecutionMode.CONCURRENT)
class UpstreamCheckTest {
  private static final String TOKEN = "upstream-test-admin-token";
  private static final Duration WAIT = Duration.ofSeconds(20);

  @RegisterExtension final GrpcCleanupExtension cleanup = new GrpcCleanupExtension();

  private final Map<String, List<InetSocketAddress>> dns = new ConcurrentHashMap<>();
  private final Map<String, ServiceStatus> statuses = new ConcurrentHashMap<>();

  /** The names in {@link #dns} from it (none: unknown), IP literals as the JVM reads them. */
  private final BackendResolver resolver =
      (host, port) -> {
        List<InetSocketAddress> found = dns.get(host);
        if (found == null) {
          return BackendResolver.system().resolve(host, port);
        }
        if (found.isEmpty()) {
          throw new UnknownHostException(host);
        }
        return List.copyOf(found);
      };

  /**
   * An engine over {@code yaml}, started. The interval of the checks is an hour unless the test
   * says otherwise, so a change seen before then came through the Watch push, not a run.
   */
  private Checks engine(String yaml) throws Exception {
    CheckFactory standard = CheckFactory.standard();
    Checks checks =
        Checks.builder(ChecksConfigParser.parse("test.yaml", new StringReader(yaml)), statuses::put)
            .checkFactory(
                (spec, clock) ->
                    spec.target() instanceof CheckTarget.Grpc
                        ? GrpcHealthCheck.forSpec(spec, clock, resolver)
                        : standard.create(spec, clock))
            .build();
    cleanup.register(checks);
    checks.start();
    return checks;
  }

  private VitalsServer replica() throws Exception {
    return cleanup
        .register(
            VitalsServer.create(
                ServerConfig.builder()
                    .host("127.0.0.1")
                    .port(0)
                    .workerThreads(1)
                    .adminToken(TOKEN)
                    .drainDelay(Duration.ZERO)
                    .shutdownGrace(Duration.ofSeconds(2))
                    .build()))
        .start();
  }

  private static InetSocketAddress address(int port) {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
  }

  private static String name(int port) {
    return "127.0.0.1:" + port;
  }

  /** Flips the whole server ({@code ""}) of {@code replica} through its admin API. */
  private void flip(VitalsServer replica, dev.vitals.api.admin.v1.ServingStatus status) {
    ManagedChannel channel =
        cleanup.register(
            NettyChannelBuilder.forAddress(address(replica.port())).usePlaintext().build());
    StatusAdminGrpc.newBlockingStub(channel)
        .withCallCredentials(new BearerCredentials(TOKEN))
        .withDeadlineAfter(10, TimeUnit.SECONDS)
        .setStatus(SetStatusRequest.newBuilder().setService("").setStatus(status).build());
  }

  private static CheckSnapshot check(Checks checks, String name) {
    return checks.snapshot().checks().stream()
        .filter(c -> c.name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static BackendSnapshot backend(Checks checks, String check, String name) {
    return check(checks, check).backends().stream()
        .filter(b -> b.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no backend " + name));
  }

  /** One check {@code api} with fall and rise 1, followed by the service {@code app}. */
  private static String yaml(String grpc, String settings) {
    return "checks:\n  api:\n    grpc: "
        + grpc
        + "\n    fall: 1\n    rise: 1\n"
        + settings
        + "services:\n  app: { checks: [api] }\n";
  }

  /**
   * Checks {@code all} (quorum all) and {@code one} (quorum 1) over two listed backends, followed
   * by {@code strict} and {@code loose}; hourly, fall and rise 1.
   */
  private static String strictAndLoose(int first, int second, String timeout) {
    String addresses = "[\"" + name(first) + "\", \"" + name(second) + "\"]";
    String settings = HOURLY + "    timeout: " + timeout + "\n    fall: 1\n    rise: 1\n";
    return "checks:\n  all:\n    grpc: { addresses: "
        + addresses
        + " }\n"
        + settings
        + "  one:\n    grpc: { addresses: "
        + addresses
        + ", quorum: \"1\" }\n"
        + settings
        + "services:\n  strict: { checks: [all] }\n  loose: { checks: [one] }\n";
  }

  /** Runs only at the start: later changes must come through Watch. */
  private static final String HOURLY = "    interval: 1h\n    jitter: 0%\n";

  @Test
  void watch_quorumHalf_followsEachFlipAtOnce() throws Exception {
    List<VitalsServer> replicas = List.of(replica(), replica(), replica());
    List<InetSocketAddress> all = new ArrayList<>();
    replicas.forEach(r -> all.add(address(r.port())));
    dns.put("replicas", all);
    Checks checks =
        engine(
            yaml(
                "{ address: \"dns:///replicas:8001\", quorum: \"50%\" }",
                HOURLY + "    timeout: 5s\n"));
    await().atMost(WAIT).until(() -> statuses.get("app") == ServiceStatus.SERVING);
    assertThat(check(checks, "api").backends())
        .extracting(BackendSnapshot::mode)
        .containsExactly("watch", "watch", "watch");

    flip(replicas.get(0), dev.vitals.api.admin.v1.ServingStatus.NOT_SERVING);
    await()
        .atMost(WAIT)
        .until(() -> !backend(checks, "api", name(replicas.get(0).port())).serving());
    assertThat(statuses.get("app")).isEqualTo(ServiceStatus.SERVING);

    flip(replicas.get(1), dev.vitals.api.admin.v1.ServingStatus.NOT_SERVING);
    await().atMost(WAIT).until(() -> statuses.get("app") == ServiceStatus.NOT_SERVING);
    String output = check(checks, "api").last().output();
    assertThat(output)
        .startsWith("1 of 3 backends SERVING (quorum 50%: 2 needed); down: ")
        .contains(name(replicas.get(0).port()) + " NOT_SERVING")
        .contains(name(replicas.get(1).port()) + " NOT_SERVING")
        .doesNotContain(name(replicas.get(2).port()));

    flip(replicas.get(0), dev.vitals.api.admin.v1.ServingStatus.SERVING);
    await().atMost(WAIT).until(() -> statuses.get("app") == ServiceStatus.SERVING);
    // An hour-long interval: only the first run happened, the rest came through Watch.
    assertThat(check(checks, "api").backends())
        .extracting(BackendSnapshot::serving)
        .containsExactly(true, false, true);
  }

  @Test
  void watch_quorumAllAndCount_explicitAddresses() throws Exception {
    VitalsServer a = replica();
    VitalsServer b = replica();
    Checks checks = engine(strictAndLoose(a.port(), b.port(), "5s"));
    await()
        .atMost(WAIT)
        .until(
            () ->
                statuses.get("strict") == ServiceStatus.SERVING
                    && statuses.get("loose") == ServiceStatus.SERVING);

    flip(b, dev.vitals.api.admin.v1.ServingStatus.NOT_SERVING);

    await().atMost(WAIT).until(() -> statuses.get("strict") == ServiceStatus.NOT_SERVING);
    assertThat(statuses.get("loose")).isEqualTo(ServiceStatus.SERVING);
    assertThat(check(checks, "all").last().output())
        .isEqualTo(
            "1 of 2 backends SERVING (quorum all: 2 needed); down: "
                + name(b.port())
                + " NOT_SERVING");
  }

  @Test
  void serviceUnknownToTheBackend_downWithItsStatus() throws Exception {
    VitalsServer replica = replica();
    Checks checks =
        engine(yaml("{ addresses: [\"" + name(replica.port()) + "\"], service: nope }", HOURLY));

    await()
        .atMost(WAIT)
        .until(() -> check(checks, "api").last() != null && !check(checks, "api").last().passed());
    BackendSnapshot backend = backend(checks, "api", name(replica.port()));
    assertThat(backend.serving()).isFalse();
    assertThat(backend.status()).isEqualTo("SERVICE_UNKNOWN");
    assertThat(check(checks, "api").last().output()).contains(name(replica.port()));
    assertThat(statuses.get("app")).isEqualTo(ServiceStatus.NOT_SERVING);
  }

  /** A health server that implements only Check: Watch answers UNIMPLEMENTED. */
  private Server checkOnly(AtomicReference<HealthCheckResponse.ServingStatus> status)
      throws Exception {
    return cleanup.register(
        NettyServerBuilder.forAddress(address(0))
            .addService(
                new HealthGrpc.HealthImplBase() {
                  @Override
                  public void check(
                      HealthCheckRequest request,
                      StreamObserver<HealthCheckResponse> responseObserver) {
                    responseObserver.onNext(
                        HealthCheckResponse.newBuilder().setStatus(status.get()).build());
                    responseObserver.onCompleted();
                  }
                })
            .build()
            .start());
  }

  @Test
  void noWatch_fallsBackToPollingCheck() throws Exception {
    AtomicReference<HealthCheckResponse.ServingStatus> status =
        new AtomicReference<>(HealthCheckResponse.ServingStatus.SERVING);
    Server old = checkOnly(status);
    VitalsServer replica = replica();
    dns.put("replicas", List.of(address(old.getPort()), address(replica.port())));
    // A short interval: the poll of a backend without Watch runs on it.
    Checks checks = engine(yaml("{ address: \"replicas:8001\" }", "    interval: 200ms\n"));

    await().atMost(WAIT).until(() -> statuses.get("app") == ServiceStatus.SERVING);
    assertThat(backend(checks, "api", name(old.getPort())).mode()).isEqualTo("poll");
    assertThat(backend(checks, "api", name(replica.port())).mode()).isEqualTo("watch");

    status.set(HealthCheckResponse.ServingStatus.NOT_SERVING);

    await().atMost(WAIT).until(() -> statuses.get("app") == ServiceStatus.NOT_SERVING);
    BackendSnapshot polled = backend(checks, "api", name(old.getPort()));
    assertThat(polled.serving()).isFalse();
    assertThat(polled.status()).isEqualTo("NOT_SERVING");
  }

  @Test
  void hangingBackend_downAfterTheTimeout_quorumDecides() throws Exception {
    Server hung =
        cleanup.register(
            NettyServerBuilder.forAddress(address(0))
                .addService(
                    new HealthGrpc.HealthImplBase() {
                      @Override
                      public void watch(
                          HealthCheckRequest request,
                          StreamObserver<HealthCheckResponse> responseObserver) {
                        // Never answers.
                      }
                    })
                .build()
                .start());
    VitalsServer replica = replica();
    Checks checks = engine(strictAndLoose(hung.getPort(), replica.port(), "300ms"));

    await()
        .atMost(WAIT)
        .until(
            () ->
                statuses.get("strict") == ServiceStatus.NOT_SERVING
                    && statuses.get("loose") == ServiceStatus.SERVING);
    await()
        .atMost(WAIT)
        .until(
            () -> !backend(checks, "all", name(hung.getPort())).status().equals("no answer yet"));
    BackendSnapshot stuck = backend(checks, "all", name(hung.getPort()));
    assertThat(stuck.serving()).isFalse();
    assertThat(stuck.status()).isEqualTo("DEADLINE_EXCEEDED");
    assertThat(stuck.detail()).isEqualTo("no answer within 300ms");
    await()
        .atMost(WAIT)
        .until(
            () ->
                check(checks, "all")
                    .last()
                    .output()
                    .endsWith("down: " + name(hung.getPort()) + " DEADLINE_EXCEEDED"));
  }

  @Test
  void brokenStream_downAfterTheTimeout() throws Exception {
    io.grpc.protobuf.services.HealthStatusManager health =
        new io.grpc.protobuf.services.HealthStatusManager();
    Server plain =
        cleanup.register(
            NettyServerBuilder.forAddress(address(0))
                .addService(health.getHealthService())
                .build()
                .start());
    Checks checks =
        engine(
            yaml(
                "{ address: \"" + name(plain.getPort()) + "\" }", HOURLY + "    timeout: 300ms\n"));
    String name = name(plain.getPort());
    await().atMost(WAIT).until(() -> statuses.get("app") == ServiceStatus.SERVING);

    plain.shutdownNow();

    await().atMost(WAIT).until(() -> statuses.get("app") == ServiceStatus.NOT_SERVING);
    assertThat(backend(checks, "api", name).serving()).isFalse();
    // The stream may first end CANCELLED (the closing server's RST_STREAM); the retries then
    // find nothing listening.
    await()
        .atMost(WAIT)
        .until(() -> check(checks, "api").last().output().startsWith(name + ": UNAVAILABLE"));
  }

  @Test
  void dns_newBackendsFollowed_goneOnesDropped() throws Exception {
    VitalsServer a = replica();
    VitalsServer b = replica();
    VitalsServer c = replica();
    dns.put("replicas", List.of(address(a.port()), address(b.port())));
    // Each run re-resolves: a short interval, and forget_after 0 drops a vanished one at once.
    Checks checks =
        engine(
            yaml(
                "{ address: \"dns:///replicas:8001\", forget_after: 0 }", "    interval: 100ms\n"));
    await()
        .atMost(WAIT)
        .until(
            () ->
                check(checks, "api").backends().size() == 2
                    && statuses.get("app") == ServiceStatus.SERVING);

    dns.put("replicas", List.of(address(a.port()), address(c.port())));

    await()
        .atMost(WAIT)
        .until(
            () ->
                check(checks, "api").backends().stream()
                    .map(BackendSnapshot::name)
                    .toList()
                    .equals(List.of(name(a.port()), name(c.port()))));
    await().atMost(WAIT).until(() -> backend(checks, "api", name(c.port())).serving());

    dns.put("replicas", List.of());

    await().atMost(WAIT).until(() -> statuses.get("app") == ServiceStatus.NOT_SERVING);
    assertThat(check(checks, "api").last().output())
        .isEqualTo("no backends; cannot resolve replicas");
  }

  @Test
  void dns_vanishedBackend_countsAsDownUntilForgotten() throws Exception {
    VitalsServer a = replica();
    VitalsServer b = replica();
    dns.put("replicas", List.of(address(a.port()), address(b.port())));
    Checks checks =
        engine(
            yaml(
                "{ address: \"dns:///replicas:8001\", forget_after: 1h }",
                "    interval: 100ms\n"));
    await().atMost(WAIT).until(() -> statuses.get("app") == ServiceStatus.SERVING);

    dns.put("replicas", List.of(address(a.port())));

    await().atMost(WAIT).until(() -> statuses.get("app") == ServiceStatus.NOT_SERVING);
    BackendSnapshot gone = backend(checks, "api", name(b.port()));
    assertThat(gone.mode()).isEqualTo("gone");
    assertThat(gone.status()).isEqualTo("gone from DNS");
    assertThat(check(checks, "api").last().output())
        .isEqualTo(
            "1 of 2 backends SERVING (quorum all: 2 needed); down: "
                + name(b.port())
                + " gone from DNS");

    dns.put("replicas", List.of(address(a.port()), address(b.port())));

    await().atMost(WAIT).until(() -> statuses.get("app") == ServiceStatus.SERVING);
    assertThat(backend(checks, "api", name(b.port())).mode()).isEqualTo("watch");
  }
}
