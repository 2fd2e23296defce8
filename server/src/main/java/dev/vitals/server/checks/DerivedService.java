package dev.vitals.server.checks;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One service whose status follows checks, inside {@link Checks}. Guarded by the engine's lock (see
 * {@link CheckRunner} for how Error Prone checks it).
 */
final class DerivedService {
  /** How the status follows the checks. */
  enum Rule {
    /** A service of the checks file: every critical check must pass. */
    CHECKS,
    /** {@link ProbeProfiles#LIVENESS}: NOT_SERVING only while a (liveness) check is failing. */
    LIVENESS,
    /** {@link ProbeProfiles#STARTUP}: SERVING for good once every check has passed once. */
    STARTUP
  }

  final String name;
  final List<CheckRunner> checks;
  final Rule rule;
  private final HistoryPolicy policy;
  private final ArrayDeque<Transition> history = new ArrayDeque<>();
  @Nullable ServiceStatus status;

  /** A manual status that wins over the checks (admin SetStatus), or null. */
  @Nullable ServiceOverride override;

  /** Expires {@link #override} when it has a TTL. */
  Scheduler.@Nullable Task overrideExpiry;

  /** Which override is current: an expiry with another token was superseded. */
  long overrideToken;

  /** For {@link Rule#STARTUP}: every check has passed once. */
  private boolean started;

  DerivedService(String name, List<CheckRunner> checks, HistoryPolicy policy) {
    this(name, checks, policy, Rule.CHECKS);
  }

  DerivedService(String name, List<CheckRunner> checks, HistoryPolicy policy, Rule rule) {
    this.name = name;
    this.checks = List.copyOf(checks);
    this.policy = policy;
    this.rule = rule;
  }

  /** The status to show: the override if there is one, the derived status otherwise. */
  ServiceStatus effective() {
    return override != null ? override.status() : derive();
  }

  /** The status the checks give, ignoring any override. */
  ServiceStatus derive() {
    switch (rule) {
      case LIVENESS:
        for (CheckRunner check : checks) {
          if (check.state == CheckState.FAILING) {
            return ServiceStatus.NOT_SERVING;
          }
        }
        return ServiceStatus.SERVING;
      case STARTUP:
        if (!started) {
          for (CheckRunner check : checks) {
            if (!check.passedOnce) {
              return ServiceStatus.UNKNOWN;
            }
          }
          started = true;
        }
        return ServiceStatus.SERVING;
      case CHECKS:
      default:
        return followChecks();
    }
  }

  /** UNKNOWN until every check has a result; then SERVING unless a critical check is failing. */
  private ServiceStatus followChecks() {
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
  boolean moveTo(ServiceStatus to, Instant at, @Nullable String check, String reason) {
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
        status == null ? ServiceStatus.UNKNOWN : status, // before the engine starts
        since,
        names,
        failing,
        warnings,
        unknown,
        flapping(now),
        new ArrayList<>(history),
        override);
  }
}
