package dev.vitals.server.checks;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The checks file, parsed and validated: checks by name, and for each derived service the names of
 * the checks it follows. Immutable; the iteration order is the file's.
 *
 * <p>If the file does not configure {@code ""} (the whole server) and has at least one critical
 * check, {@code ""} follows every critical check.
 */
public record ChecksConfig(Map<String, CheckSpec> checks, Map<String, List<String>> services) {
  /** An empty configuration: no checks, nothing derived. */
  public static final ChecksConfig EMPTY = new ChecksConfig(Map.of(), Map.of());

  /** Checks that every service names known checks, copies, and adds the default for {@code ""}. */
  public ChecksConfig {
    requireNonNull(checks, "checks");
    requireNonNull(services, "services");
    Map<String, List<String>> copy = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> service : services.entrySet()) {
      for (String check : service.getValue()) {
        if (!checks.containsKey(check)) {
          throw new IllegalArgumentException(
              "service '" + service.getKey() + "' names a missing check '" + check + "'");
        }
      }
      copy.put(service.getKey(), List.copyOf(service.getValue()));
    }
    if (!copy.containsKey("")) {
      List<String> critical = new ArrayList<>();
      checks
          .values()
          .forEach(
              c -> {
                if (c.critical()) {
                  critical.add(c.name());
                }
              });
      if (!critical.isEmpty()) {
        copy.put("", List.copyOf(critical));
      }
    }
    checks = Collections.unmodifiableMap(new LinkedHashMap<>(checks));
    services = Collections.unmodifiableMap(copy);
  }
}
