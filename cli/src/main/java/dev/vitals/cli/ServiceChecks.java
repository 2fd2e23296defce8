package dev.vitals.cli;

import dev.vitals.client.HealthClient;
import dev.vitals.client.HealthRpcException;
import dev.vitals.client.ServingStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Checks several services over one connection, and with {@code --wait} again every {@code
 * --retry-interval} (connection failures included) until every one is SERVING or the wait is over.
 * Used by {@code check} and {@code probe}; the exit codes stay those of one check.
 */
final class ServiceChecks {
  /** How one service is asked: Check, or the original /Health/check. */
  interface Checker {
    ServingStatus check(HealthClient client, String service) throws HealthRpcException;
  }

  /**
   * One service's answer in one attempt: its status (absent when the RPC failed) and the exit code
   * it alone would give, with the one-line message for stderr when that is not 0.
   */
  record Outcome(String service, Optional<ServingStatus> status, int exitCode, String message) {}

  /**
   * One attempt: either a connection failure (for every service at once) or one outcome per
   * service.
   */
  record Attempt(Optional<CliFailure> connectionFailure, List<Outcome> outcomes) {
    /** Every service answered SERVING. */
    boolean serving() {
      return connectionFailure.isEmpty() && outcomes.stream().allMatch(o -> o.exitCode() == 0);
    }

    /**
     * The exit code of the attempt: a connection failure (2), else the first of an RPC failure (3)
     * and a status other than SERVING (4) that any service had, else 0. A failure that says nothing
     * about the service outranks an answer.
     */
    int exitCode() {
      if (connectionFailure.isPresent()) {
        return connectionFailure.get().exitCode();
      }
      return outcomes.stream()
          .mapToInt(Outcome::exitCode)
          .filter(code -> code != ExitCodes.OK)
          .min()
          .orElse(ExitCodes.OK);
    }
  }

  private ServiceChecks() {}

  /**
   * The services to check, from repeated and comma-separated {@code --service} values, each once,
   * in order; none given is the whole server ({@code ""}).
   */
  static List<String> services(List<String> given) {
    return given.isEmpty() ? List.of("") : List.copyOf(new LinkedHashSet<>(given));
  }

  /**
   * Checks every service; with a positive {@code wait}, tries again every {@code retryInterval}
   * until every service is SERVING or {@code wait} has passed, and returns the last attempt.
   * Invalid settings (exit 1) end it at once.
   */
  static Attempt untilServing(
      ConnectionSettings settings,
      List<String> services,
      Duration rpcTimeout,
      Checker checker,
      Duration wait,
      Duration retryInterval)
      throws InterruptedException {
    long end = System.nanoTime() + wait.toNanos();
    while (true) {
      Attempt attempt = once(settings, services, rpcTimeout, checker);
      long remaining = end - System.nanoTime();
      if (attempt.serving() || remaining <= 0) {
        return attempt;
      }
      TimeUnit.NANOSECONDS.sleep(Math.min(retryInterval.toNanos(), remaining));
    }
  }

  private static Attempt once(
      ConnectionSettings settings, List<String> services, Duration rpcTimeout, Checker checker) {
    try (Connection open = settings.open()) {
      try {
        open.awaitReady();
      } catch (CliFailure e) {
        if (e.exitCode() != ExitCodes.CONNECTION_FAILURE) {
          throw e;
        }
        return new Attempt(Optional.of(e), List.of());
      }
      HealthClient client = HealthClient.create(open.channel()).withDeadline(rpcTimeout);
      List<Outcome> outcomes = new ArrayList<>();
      for (String service : services) {
        outcomes.add(outcome(client, service, checker));
      }
      return new Attempt(Optional.empty(), outcomes);
    }
  }

  private static Outcome outcome(HealthClient client, String service, Checker checker) {
    try {
      ServingStatus status = checker.check(client, service);
      return status == ServingStatus.SERVING
          ? new Outcome(service, Optional.of(status), ExitCodes.OK, "")
          : new Outcome(
              service,
              Optional.of(status),
              ExitCodes.NOT_SERVING,
              "service " + Printer.quote(service) + " is " + status);
    } catch (HealthRpcException e) {
      return new Outcome(
          service, Optional.empty(), ExitCodes.RPC_FAILURE, CliFailure.rpc(e).getMessage());
    }
  }
}
