package dev.vitals.server.http;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.gson.stream.JsonWriter;
import dev.vitals.common.HealthStatus;
import dev.vitals.server.checks.BackendSnapshot;
import dev.vitals.server.checks.CheckResult;
import dev.vitals.server.checks.CheckSnapshot;
import dev.vitals.server.checks.ChecksSnapshot;
import dev.vitals.server.checks.ServiceSnapshot;
import dev.vitals.server.checks.Transition;
import dev.vitals.server.http.HttpConfig.ShowDetails;
import dev.vitals.server.status.ServiceState;
import dev.vitals.server.status.StatusRegistry;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * What the HTTP endpoints answer, from the registry, with no HTTP in it: {@code /livez} and {@code
 * /readyz} in the Kubernetes apiserver's style, {@code /health} as draft-inadarei-api-health-check
 * JSON, and the status page's event payload. Nothing here comes from a request but the names to
 * exclude (only matched, never echoed) and the service looked up (never echoed).
 *
 * @see <a href="https://kubernetes.io/docs/reference/using-api/health-checks/">Kubernetes API
 *     health endpoints</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/draft-inadarei-api-health-check">Health Check
 *     Response Format for HTTP APIs</a>
 */
final class HealthReports {
  /** The content type of {@code /health}. */
  static final String HEALTH_JSON = "application/health+json";

  /** The prefix of each check's own key in {@code checks}: {@code check:db}. */
  static final String CHECK_KEY_PREFIX = "check:";

  /** A response body and its status code. */
  // Never compared or hashed: a carrier from the report to the wire, so identity equality is fine.
  @SuppressWarnings("ArrayRecordComponent")
  record Report(int code, String contentType, byte[] body) {}

  /** The two probes and the service each follows when it is registered. */
  enum Probe {
    LIVEZ("livez", "liveness"),
    READYZ("readyz", "readiness");

    final String path;
    final String service;

    Probe(String path, String service) {
      this.path = path;
      this.service = service;
    }
  }

  private record Part(String name, boolean ok, String reason) {}

  private final StatusRegistry registry;
  private final ShowDetails showDetails;
  private final String version;
  private final TransitionLog transitions;
  private final Supplier<ChecksSnapshot> checks;
  private final Clock clock;

  HealthReports(
      StatusRegistry registry,
      ShowDetails showDetails,
      String version,
      TransitionLog transitions,
      Supplier<ChecksSnapshot> checks,
      Clock clock) {
    this.registry = registry;
    this.showDetails = showDetails;
    this.version = version;
    this.transitions = transitions;
    this.checks = checks;
    this.clock = clock;
  }

  /** What the checks engine knows, read once per response, by name. */
  private record Derived(Map<String, CheckSnapshot> checks, Map<String, ServiceSnapshot> services) {
    static Derived of(ChecksSnapshot snapshot) {
      Map<String, CheckSnapshot> checks = new LinkedHashMap<>();
      snapshot.checks().forEach(check -> checks.put(check.name(), check));
      Map<String, ServiceSnapshot> services = new LinkedHashMap<>();
      snapshot.services().forEach(service -> services.put(service.name(), service));
      return new Derived(checks, services);
    }

    /** Whether a non-critical check of {@code service} is failing. */
    boolean warns(String service) {
      ServiceSnapshot derived = services.get(service);
      return derived != null && !derived.warnings().isEmpty();
    }
  }

  /**
   * {@code /livez} or {@code /readyz}: 200 {@code ok} when every part not excluded passes, else 503
   * listing each part. Parts: the {@code liveness}/{@code readiness} service if registered, else
   * the whole server ({@code server}); for readyz also {@code shutdown}, failing while the server
   * drains.
   */
  Report probe(Probe probe, boolean verbose, Collection<String> exclude) {
    List<Part> parts = new ArrayList<>();
    HealthStatus followed = registry.statusOrNull(probe.service);
    String partName = probe.service;
    if (followed == null) {
      followed = registry.statusOrNull(StatusRegistry.SERVER);
      partName = "server";
    }
    parts.add(
        new Part(
            partName,
            followed == HealthStatus.SERVING,
            "status " + (followed == null ? "not registered" : followed.name())));
    if (probe == Probe.READYZ) {
      parts.add(new Part("shutdown", !registry.isDraining(), "the server is draining"));
    }
    boolean ok = true;
    StringBuilder out = new StringBuilder();
    for (Part part : parts) {
      if (exclude.contains(part.name)) {
        out.append("[+]").append(part.name).append(" excluded: ok\n");
      } else if (part.ok) {
        out.append("[+]").append(part.name).append(" ok\n");
      } else {
        ok = false;
        out.append("[-]")
            .append(part.name)
            .append(" failed: ")
            .append(showDetails == ShowDetails.ALWAYS ? part.reason : "reason withheld")
            .append('\n');
      }
    }
    out.append(probe.path).append(ok ? " check passed\n" : " check failed\n");
    String body = ok && !verbose ? "ok" : out.toString();
    return new Report(ok ? 200 : 503, "text/plain; charset=utf-8", body.getBytes(UTF_8));
  }

  /** {@code /health}: every service; 200 for pass and warn, 503 for fail. */
  Report health() {
    SortedMap<String, ServiceState> states = registry.states();
    Derived derived = Derived.of(checks.get());
    String status = overall(states, derived);
    return new Report(
        "fail".equals(status) ? 503 : 200,
        HEALTH_JSON,
        json(states, derived, status, Mode.ALL).getBytes(UTF_8));
  }

  /** {@code /health/{service}}: one service, or null if it is not registered. */
  @Nullable Report service(String service) {
    ServiceState state = registry.states().get(service);
    if (state == null) {
      return null;
    }
    Derived derived = Derived.of(checks.get());
    String status = result(service, state.status(), derived);
    SortedMap<String, ServiceState> one = new TreeMap<>(Map.of(service, state));
    return new Report(
        "fail".equals(status) ? 503 : 200,
        HEALTH_JSON,
        json(one, derived, status, Mode.ONE).getBytes(UTF_8));
  }

  /** The status page's event: {@code /health}'s JSON plus recent transitions and flapping. */
  String pageEvent() {
    SortedMap<String, ServiceState> states = registry.states();
    Derived derived = Derived.of(checks.get());
    return json(states, derived, overall(states, derived), Mode.PAGE);
  }

  /** What {@link #json} writes: every service, one service, or every service for the page. */
  private enum Mode {
    ALL,
    ONE,
    PAGE
  }

  /**
   * fail if the whole server is not SERVING; warn if another service is not, or a non-critical
   * check is failing; else pass.
   */
  private static String overall(SortedMap<String, ServiceState> states, Derived derived) {
    ServiceState server = states.get(StatusRegistry.SERVER);
    if (server == null || server.status() != HealthStatus.SERVING) {
      return "fail";
    }
    for (Map.Entry<String, ServiceState> entry : states.entrySet()) {
      if (!"pass".equals(result(entry.getKey(), entry.getValue().status(), derived))) {
        return "warn";
      }
    }
    return "pass";
  }

  /**
   * SERVING pass (warn while one of its non-critical checks fails), NOT_SERVING fail, UNKNOWN (not
   * known yet) warn.
   */
  private static String result(String service, HealthStatus status, Derived derived) {
    return switch (status) {
      case SERVING -> derived.warns(service) ? "warn" : "pass";
      case NOT_SERVING -> "fail";
      default -> "warn";
    };
  }

  /** PASSING pass; FAILING fail if critical, else warn; no result yet warn. */
  private static String result(CheckSnapshot check) {
    return switch (check.state()) {
      case PASSING -> "pass";
      case FAILING -> check.critical() ? "fail" : "warn";
      default -> "warn";
    };
  }

  private String json(
      SortedMap<String, ServiceState> states, Derived derived, String status, Mode mode) {
    StringWriter text = new StringWriter();
    try (JsonWriter json = new JsonWriter(text)) {
      json.beginObject();
      json.name("status").value(status);
      json.name("releaseId").value(version);
      json.name("description").value("vitals health server");
      if (registry.isDraining()) {
        json.name("notes").beginArray().value("draining").endArray();
      }
      json.name("checks").beginObject();
      for (Map.Entry<String, ServiceState> entry : states.entrySet()) {
        ServiceState state = entry.getValue();
        // An array per key, as the draft has it: the service, then each check it follows.
        json.name(entry.getKey()).beginArray().beginObject();
        json.name("componentType").value("service");
        json.name("status").value(result(entry.getKey(), state.status(), derived));
        json.name("observedValue").value(state.status().name());
        json.name("time").value(state.lastChanged().toString());
        json.endObject();
        ServiceSnapshot service = derived.services().get(entry.getKey());
        if (service != null) {
          for (String name : service.checks()) {
            CheckSnapshot check = derived.checks().get(name);
            if (check != null) {
              check(json, check);
            }
          }
        }
        json.endArray();
      }
      if (mode != Mode.ONE) {
        // Each check under a key of its own too ("component:measurement" in the draft's terms),
        // unless a service happens to have that very name: then the service's entry stands.
        for (CheckSnapshot check : derived.checks().values()) {
          String key = CHECK_KEY_PREFIX + check.name();
          if (!states.containsKey(key)) {
            json.name(key).beginArray();
            check(json, check);
            json.endArray();
          }
        }
      }
      json.endObject();
      if (mode == Mode.PAGE) {
        List<TransitionLog.Entry> entries = transitions.entries();
        json.name("transitions").beginArray();
        for (PageTransition entry : pageTransitions(entries, derived)) {
          json.beginObject();
          json.name("service").value(entry.service());
          json.name("from").value(entry.from());
          json.name("to").value(entry.to());
          json.name("time").value(entry.at().toString());
          if (entry.check() != null) {
            json.name("check").value(entry.check());
          }
          if (showDetails == ShowDetails.ALWAYS && !entry.reason().isEmpty()) {
            json.name("reason").value(entry.reason());
          }
          json.endObject();
        }
        json.endArray();
        Set<String> flapping = new TreeSet<>(TransitionLog.flapping(entries, Instant.now(clock)));
        derived.services().values().stream()
            .filter(ServiceSnapshot::flapping)
            .forEach(service -> flapping.add(service.name()));
        json.name("flapping").beginArray();
        for (String service : flapping) {
          json.value(service);
        }
        json.endArray();
      }
      json.endObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    return text.toString();
  }

  /** One change on the page: with the check that caused it and why, for a derived service. */
  private record PageTransition(
      String service, String from, String to, Instant at, @Nullable String check, String reason) {}

  /**
   * The page's recent changes, newest first, at most {@link TransitionLog#CAPACITY}: the registry's
   * for services set by hand, each derived service's own history (which knows the check and its
   * output) for the others.
   */
  private static List<PageTransition> pageTransitions(
      List<TransitionLog.Entry> entries, Derived derived) {
    List<PageTransition> all = new ArrayList<>();
    for (TransitionLog.Entry entry : entries) {
      if (!derived.services().containsKey(entry.service())) {
        all.add(
            new PageTransition(
                entry.service(), entry.from().name(), entry.to().name(), entry.at(), null, ""));
      }
    }
    for (ServiceSnapshot service : derived.services().values()) {
      for (Transition transition : service.history()) {
        all.add(
            new PageTransition(
                service.name(),
                transition.from() == null
                    ? HealthStatus.SERVICE_UNKNOWN.name()
                    : transition.from().name(),
                transition.to().name(),
                transition.at(),
                transition.check(),
                transition.reason()));
      }
    }
    all.sort(Comparator.comparing(PageTransition::at).reversed());
    return all.size() > TransitionLog.CAPACITY ? all.subList(0, TransitionLog.CAPACITY) : all;
  }

  /**
   * One check as the draft's component: {@code status} after its thresholds, {@code time} and
   * {@code observedValue} (milliseconds) of its last run, and {@code output} (what it saw) while
   * its last run failed or it is not passing, unless details are hidden.
   */
  private void check(JsonWriter json, CheckSnapshot check) throws IOException {
    String status = result(check);
    json.beginObject();
    json.name("componentId").value(check.name());
    json.name("componentType").value("check");
    json.name("status").value(status);
    CheckResult last = check.last();
    if (last != null) {
      json.name("observedValue").value(last.latency().toNanos() / 1e6);
      json.name("observedUnit").value("ms");
      json.name("time").value(last.at().toString());
      if (showDetails == ShowDetails.ALWAYS && (!last.passed() || !"pass".equals(status))) {
        json.name("output").value(last.output());
      }
    }
    if (showDetails == ShowDetails.ALWAYS && !check.backends().isEmpty()) {
      backends(json, check.backends());
    }
    json.endObject();
  }

  /**
   * The backends of a check that covers several (a {@code grpc} check on replicas), each as the
   * draft's component: {@code componentId} its address, {@code status} pass while it counts toward
   * the quorum, {@code observedValue} what it said last, {@code time} when that last changed, and
   * vitals' own {@code mode} ({@code watch}, {@code poll}, {@code gone}) and {@code output}.
   */
  private static void backends(JsonWriter json, List<BackendSnapshot> backends) throws IOException {
    json.name("backends").beginArray();
    for (BackendSnapshot backend : backends) {
      json.beginObject();
      json.name("componentId").value(backend.name());
      json.name("componentType").value("backend");
      json.name("status").value(backend.serving() ? "pass" : "fail");
      json.name("observedValue").value(backend.status());
      Instant since = backend.since();
      if (since != null) {
        json.name("time").value(since.toString());
      }
      json.name("mode").value(backend.mode());
      if (!backend.detail().isEmpty()) {
        json.name("output").value(backend.detail());
      }
      json.endObject();
    }
    json.endArray();
  }
}
