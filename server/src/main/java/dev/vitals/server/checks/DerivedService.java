package dev.vitals.server.checks;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** One service whose status follows checks, inside {@link Checks}. Guarded by its lock. */
final class DerivedService {
  final String name;
  final List<CheckRunner> checks;
  private final HistoryPolicy policy;
  private final ArrayDeque<Transition> history = new ArrayDeque<>();
  ServiceStatus status;

  DerivedService(String name, List<CheckRunner> checks, HistoryPolicy policy) {
    this.name = name;
    this.checks = List.copyOf(checks);
    this.policy = policy;
  }

  /** UNKNOWN until every check has a result; then SERVING unless a critical check is failing. */
  ServiceStatus derive() {
    boolean failing = false;
    for (CheckRunner check : checks) {
      if (check.state == CheckState.UNKNOWN) {
        return ServiceStatus.UNKNOWN;
      }
      failing |= check.spec.critical() && check.state == CheckState.FAILING;
    }
    return failing ? ServiceStatus.NOT_SERVING : ServiceStatus.SERVING;
  }

  /** Records a change of status; returns false (and records nothing) if it is not a change. */
  boolean moveTo(ServiceStatus to, Instant at, String check, String reason) {
    if (to == status) {
      return false;
    }
    if (history.size() == policy.size()) {
      history.removeFirst();
    }
    history.addLast(new Transition(at, status, to, check, reason));
    status = to;
    return true;
  }

  boolean flapping(Instant now) {
    Instant from = now.minus(policy.flappingWindow());
    int recent = 0;
    for (Transition t : history) {
      if (t.at().isAfter(from)) {
        recent++;
      }
    }
    return recent > policy.flappingTransitions();
  }

  ServiceSnapshot snapshot(Instant now) {
    List<String> names = new ArrayList<>();
    List<String> failing = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    for (CheckRunner check : checks) {
      names.add(check.spec.name());
      if (check.state == CheckState.UNKNOWN) {
        unknown.add(check.spec.name());
      } else if (check.state == CheckState.FAILING) {
        (check.spec.critical() ? failing : warnings).add(check.spec.name());
      }
    }
    Instant since = history.isEmpty() ? null : history.getLast().at();
    return new ServiceSnapshot(
        name,
        status,
        since,
        names,
        failing,
        warnings,
        unknown,
        flapping(now),
        new ArrayList<>(history));
  }
}
