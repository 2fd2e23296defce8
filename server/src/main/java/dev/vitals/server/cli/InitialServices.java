package dev.vitals.server.cli;

import dev.vitals.common.HealthStatus;
import dev.vitals.server.status.ServiceNames;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The initial statuses: {@code --service NAME=STATUS} flags or, without any, the comma-separated
 * {@code VITALS_SERVICES}. Messages name where the bad entry came from.
 */
final class InitialServices {
  static final String VARIABLE = "VITALS_SERVICES";

  private InitialServices() {}

  /**
   * The statuses in the order given.
   *
   * @throws IllegalArgumentException with one line naming the flag or variable and the entry
   */
  static Map<String, HealthStatus> parse(List<String> flags, Map<String, String> env) {
    List<String> specs = flags;
    String source = "--service";
    if (specs.isEmpty()) {
      String fromEnv = env.get(VARIABLE);
      if (fromEnv != null && !fromEnv.isBlank()) {
        specs = List.of(fromEnv.split(","));
        source = VARIABLE;
      }
    }
    Map<String, HealthStatus> result = new LinkedHashMap<>();
    for (String spec : specs) {
      int eq = spec.lastIndexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException(
            source + " '" + spec + "' is not NAME=STATUS (e.g. db=SERVING)");
      }
      String name = spec.substring(0, eq).trim();
      HealthStatus status;
      try {
        status = HealthStatus.parseSettable(spec.substring(eq + 1));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(source + " '" + spec + "': " + e.getMessage());
      }
      String problem = ServiceNames.problem(name);
      if (problem != null) {
        throw new IllegalArgumentException(source + " '" + spec + "': " + problem);
      }
      result.put(name, status);
    }
    return result;
  }
}
