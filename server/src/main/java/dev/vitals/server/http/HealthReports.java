package dev.vitals.server.http;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.gson.stream.JsonWriter;
import dev.vitals.common.HealthStatus;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
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
  private final Clock clock;

  HealthReports(
      StatusRegistry registry,
      ShowDetails showDetails,
      String version,
      TransitionLog transitions,
      Clock clock) {
    this.registry = registry;
    this.showDetails = showDetails;
    this.version = version;
    this.transitions = transitions;
    this.clock = clock;
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
    String status = overall(states);
    return new Report(
        "fail".equals(status) ? 503 : 200,
        HEALTH_JSON,
        json(states, status, false).getBytes(UTF_8));
  }

  /** {@code /health/{service}}: one service, or null if it is not registered. */
  @Nullable Report service(String service) {
    ServiceState state = registry.states().get(service);
    if (state == null) {
      return null;
    }
    String status = result(state.status());
    SortedMap<String, ServiceState> one = new java.util.TreeMap<>(Map.of(service, state));
    return new Report(
        "fail".equals(status) ? 503 : 200, HEALTH_JSON, json(one, status, false).getBytes(UTF_8));
  }

  /** The status page's event: {@code /health}'s JSON plus recent transitions and flapping. */
  String pageEvent() {
    SortedMap<String, ServiceState> states = registry.states();
    return json(states, overall(states), true);
  }

  /** fail if the whole server is not SERVING; warn if another service is not; else pass. */
  private static String overall(SortedMap<String, ServiceState> states) {
    ServiceState server = states.get(StatusRegistry.SERVER);
    if (server == null || server.status() != HealthStatus.SERVING) {
      return "fail";
    }
    for (ServiceState state : states.values()) {
      if (state.status() != HealthStatus.SERVING) {
        return "warn";
      }
    }
    return "pass";
  }

  /** SERVING pass, NOT_SERVING fail, UNKNOWN (not known yet) warn. */
  private static String result(HealthStatus status) {
    return switch (status) {
      case SERVING -> "pass";
      case NOT_SERVING -> "fail";
      default -> "warn";
    };
  }

  private String json(SortedMap<String, ServiceState> states, String status, boolean page) {
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
        // An array per key, as the draft has it: a service's checks join its entry once checks
        // are wired (componentType "check", their output unless --http-show-details never).
        json.name(entry.getKey()).beginArray().beginObject();
        json.name("componentType").value("service");
        json.name("status").value(result(state.status()));
        json.name("observedValue").value(state.status().name());
        json.name("time").value(state.lastChanged().toString());
        json.endObject().endArray();
      }
      json.endObject();
      if (page) {
        List<TransitionLog.Entry> entries = transitions.entries();
        json.name("transitions").beginArray();
        for (int i = entries.size() - 1; i >= 0; i--) {
          TransitionLog.Entry entry = entries.get(i);
          json.beginObject();
          json.name("service").value(entry.service());
          json.name("from").value(entry.from().name());
          json.name("to").value(entry.to().name());
          json.name("time").value(entry.at().toString());
          json.endObject();
        }
        json.endArray();
        Set<String> flapping = TransitionLog.flapping(entries, Instant.now(clock));
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
}
