package dev.vitals.server.metrics;

import static java.util.Objects.requireNonNull;

import dev.vitals.common.HealthStatus;
import dev.vitals.server.checks.ResultListener;
import dev.vitals.server.status.ServiceState;
import dev.vitals.server.status.StatusRegistry;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServerStreamTracer;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.jspecify.annotations.Nullable;

/**
 * The server's Prometheus metrics, in a registry of its own (two servers in one JVM do not mix):
 *
 * <ul>
 *   <li>{@code vitals_health_status{service,status}}: one series per state, 1 for the current one;
 *   <li>{@code vitals_health_transitions_total{service,from,to}} ({@code SERVICE_UNKNOWN} for "not
 *       registered");
 *   <li>{@code vitals_watchers{service}}: open Watch streams of registered services (streams on
 *       names that are not registered are summed under {@value #UNREGISTERED});
 *   <li>{@code vitals_build_info{version}};
 *   <li>{@code vitals_check_duration_seconds{check}} (histogram) and {@code
 *       vitals_check_results_total{check,result}} ({@code result} {@code pass} or {@code fail}) for
 *       each configured check, fed by {@link #checkResults()};
 *   <li>gRFC A66's {@code grpc_server_call_started_total{grpc_method}} and {@code
 *       grpc_server_call_duration_seconds{grpc_method,grpc_status}}, methods the server does not
 *       serve recorded as {@code other};
 *   <li>the JVM's (memory, GC, threads, ...) and the process's, registered at the first scrape:
 *       they start the JVM's management beans, which cost a server that is never scraped about 0.3
 *       s of CPU at start and 4 MB (BENCHMARKS.md, Footprint).
 * </ul>
 *
 * <p>No label value comes from a client: service names are those registered (by configuration, the
 * admin API or checks), method names those served, check names those configured.
 *
 * @see <a href="https://prometheus.io/docs/practices/naming/">Prometheus metric naming</a>
 * @see <a href="https://github.com/grpc/proposal/blob/master/A66-otel-stats.md">gRFC A66</a>
 */
public final class ServerMetrics {
  /** The {@code service} label of Watch streams on names that are not registered. */
  public static final String UNREGISTERED = "(unregistered)";

  /** The statuses a registered service can have (not SERVICE_UNKNOWN). */
  private static final String PASS = "pass";

  private static final String FAIL = "fail";

  /**
   * Check durations, in seconds: from a local TCP connect (sub-millisecond) to a timed-out HTTP
   * check (the default timeout is seconds).
   */
  private static final double[] CHECK_DURATION_BUCKETS = {
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30
  };

  private static final List<HealthStatus> SETTABLE =
      Arrays.stream(HealthStatus.values()).filter(HealthStatus::isSettable).toList();

  private final PrometheusRegistry prometheus = new PrometheusRegistry();
  private final PrometheusTextFormatWriter text = PrometheusTextFormatWriter.create();
  private final OpenMetricsTextFormatWriter openMetrics = OpenMetricsTextFormatWriter.create();
  private final Counter callsStarted;
  private final Histogram callDuration;
  private final Histogram checkDuration;
  private final Counter checkResults;
  private volatile boolean jvmMetricsRegistered;

  private ServerMetrics(StatusRegistry registry, String version, Collection<String> checks) {
    GaugeWithCallback.builder()
        .name("vitals_health_status")
        .help("Status of each registered service: 1 for its current status, 0 for the others")
        .labelNames("service", "status")
        .callback(
            callback -> {
              for (Map.Entry<String, ServiceState> entry : registry.states().entrySet()) {
                for (HealthStatus status : SETTABLE) {
                  callback.call(
                      entry.getValue().status() == status ? 1 : 0, entry.getKey(), status.name());
                }
              }
            })
        .register(prometheus);
    Counter transitions =
        Counter.builder()
            .name("vitals_health_transitions_total")
            .help("Status changes of each service (SERVICE_UNKNOWN: not registered)")
            .labelNames("service", "from", "to")
            .withoutExemplars()
            .register(prometheus);
    registry.addChangeListener(
        (service, from, to, at) -> transitions.labelValues(service, from.name(), to.name()).inc());
    GaugeWithCallback.builder()
        .name("vitals_watchers")
        .help("Open Watch streams of each registered service")
        .labelNames("service")
        .callback(
            callback -> {
              SortedMap<String, ServiceState> states = registry.states();
              long unregistered = 0;
              for (Map.Entry<String, Integer> entry : registry.watcherCounts().entrySet()) {
                if (states.containsKey(entry.getKey())) {
                  callback.call(entry.getValue(), entry.getKey());
                } else {
                  unregistered += entry.getValue();
                }
              }
              if (unregistered > 0) {
                callback.call((double) unregistered, UNREGISTERED);
              }
            })
        .register(prometheus);
    Info buildInfo =
        Info.builder()
            .name("vitals_build_info")
            .help("The vitals server's version")
            .labelNames("version")
            .register(prometheus);
    buildInfo.setLabelValues(version);
    callsStarted = RpcMetrics.callsStarted(prometheus);
    callDuration = RpcMetrics.callDuration(prometheus);
    checkDuration =
        Histogram.builder()
            .name("vitals_check_duration_seconds")
            .help("How long each run of a check took (a timed-out run: its timeout)")
            .unit(io.prometheus.metrics.model.snapshots.Unit.SECONDS)
            .labelNames("check")
            .classicOnly()
            .classicUpperBounds(CHECK_DURATION_BUCKETS)
            .withoutExemplars()
            .register(prometheus);
    checkResults =
        Counter.builder()
            .name("vitals_check_results_total")
            .help("Results of each check: pass or fail (a timeout is a fail)")
            .labelNames("check", "result")
            .withoutExemplars()
            .register(prometheus);
    // Every configured check has its series from the start, at 0: a rate() needs the first point.
    for (String check : checks) {
      checkDuration.labelValues(check);
      checkResults.labelValues(check, PASS);
      checkResults.labelValues(check, FAIL);
    }
  }

  /**
   * Metrics of {@code registry}'s services, recording changes from now on.
   *
   * @param version the server's version, for {@code vitals_build_info}
   */
  public static ServerMetrics create(StatusRegistry registry, String version) {
    return create(registry, version, List.of());
  }

  /**
   * Metrics of {@code registry}'s services and of the checks named {@code checks}, recording
   * changes from now on.
   *
   * @param version the server's version, for {@code vitals_build_info}
   * @param checks the configured checks' names: their series exist from the start
   */
  public static ServerMetrics create(
      StatusRegistry registry, String version, Collection<String> checks) {
    return new ServerMetrics(
        requireNonNull(registry, "registry"),
        requireNonNull(version, "version"),
        List.copyOf(requireNonNull(checks, "checks")));
  }

  /** What the checks engine tells of each result, for the check metrics. */
  public ResultListener checkResults() {
    return (check, result, state) -> {
      checkDuration.labelValues(check).observe(result.latency().toNanos() / 1e9);
      checkResults.labelValues(check, result.passed() ? PASS : FAIL).inc();
    };
  }

  /**
   * The stream tracer that counts gRPC calls; calls to any method not in {@code services} are
   * recorded as {@code other}.
   */
  public ServerStreamTracer.Factory rpcTracer(Collection<ServerServiceDefinition> services) {
    return new RpcMetrics(services, callsStarted, callDuration);
  }

  /** The JVM's and the process's metrics, once: at the first scrape. */
  private void registerJvmMetrics() {
    if (!jvmMetricsRegistered) {
      synchronized (this) {
        if (!jvmMetricsRegistered) {
          JvmMetrics.builder().register(prometheus);
          jvmMetricsRegistered = true;
        }
      }
    }
  }

  /** The content type {@link #write} uses for a request with this {@code Accept} header. */
  public String contentType(@Nullable String accept) {
    return writer(accept).getContentType();
  }

  /**
   * Writes every metric now: OpenMetrics if {@code accept} asks for it, else the Prometheus text
   * format 0.0.4.
   */
  public void write(@Nullable String accept, OutputStream out) throws IOException {
    registerJvmMetrics();
    writer(accept).write(out, prometheus.scrape());
  }

  /** The registry itself, for tests and embedders that add their own metrics. */
  public PrometheusRegistry registry() {
    return prometheus;
  }

  private ExpositionFormatWriter writer(@Nullable String accept) {
    return accept != null && openMetrics.accepts(accept) ? openMetrics : text;
  }
}
