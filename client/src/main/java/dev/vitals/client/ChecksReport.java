package dev.vitals.client;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the server's checks found, as the admin API's ListChecks reports it: every check's last
 * result and every derived service's status, reasons and history. Read from cached results: the
 * server never waits for a check to answer.
 *
 * @param at when the server read the results
 * @param checks every check, in the order of the checks file
 * @param services every service derived from checks, in file order, then the {@code liveness} and
 *     {@code startup} probe profiles
 */
public record ChecksReport(Instant at, List<Check> checks, List<Service> services) {
  /** Copies the lists. */
  public ChecksReport {
    requireNonNull(at, "at");
    checks = List.copyOf(checks);
    services = List.copyOf(services);
  }

  /** The derived service named {@code name}, or null. */
  public @Nullable Service service(String name) {
    for (Service service : services) {
      if (service.name().equals(name)) {
        return service;
      }
    }
    return null;
  }

  /**
   * One check.
   *
   * @param name its name
   * @param type tcp, http, https, grpc, exec or ttl
   * @param target what it checks, without secrets
   * @param critical false: a failure is a warning and leaves its services SERVING
   * @param state UNKNOWN (no result yet), PASSING or FAILING, after its fall/rise thresholds
   * @param since when it entered that state; null while UNKNOWN
   * @param last its last result; null before the first
   * @param consecutivePasses passes in a row up to the last result
   * @param consecutiveFailures failures in a row up to the last result
   * @param backends for a check over several backends (a grpc check on replicas), each as last
   *     seen; empty otherwise
   */
  public record Check(
      String name,
      String type,
      String target,
      boolean critical,
      String state,
      @Nullable Instant since,
      @Nullable Result last,
      int consecutivePasses,
      int consecutiveFailures,
      List<Backend> backends) {
    /** Copies the backends. */
    public Check {
      backends = List.copyOf(backends);
    }
  }

  /**
   * One backend of a check, as last seen.
   *
   * @param name its address ({@code ip:port}, or as configured)
   * @param serving whether it counts toward the check's quorum now
   * @param status what it said last ({@code SERVING}, {@code NOT_SERVING}, {@code UNAVAILABLE},
   *     {@code gone from DNS}, ...)
   * @param mode {@code watch}, {@code poll} (it has no Watch) or {@code gone} (missing from DNS)
   * @param since when {@code serving} last changed; null before its first answer
   * @param detail more about the last answer or error, or {@code ""}
   */
  public record Backend(
      String name,
      boolean serving,
      String status,
      String mode,
      @Nullable Instant since,
      String detail) {}

  /**
   * One run of a check.
   *
   * @param passed whether it passed
   * @param output what it saw, or its error
   * @param latency how long it took (the timeout, for a run that timed out)
   * @param at when it was recorded
   */
  public record Result(boolean passed, String output, Duration latency, Instant at) {}

  /**
   * One derived service.
   *
   * @param name the service ({@code ""} is the whole server)
   * @param status its status: the override's if there is one, its checks' otherwise
   * @param since when it last changed; null if it never did
   * @param checks the checks it follows
   * @param failing its critical checks that are failing (why it is NOT_SERVING)
   * @param warnings its non-critical checks that are failing
   * @param unknown its checks with no result yet (why it is UNKNOWN)
   * @param flapping whether it changed more often than the server's flapping policy allows
   * @param history its last transitions, oldest first
   * @param override the manual status that wins over its checks, or null
   */
  public record Service(
      String name,
      ServingStatus status,
      @Nullable Instant since,
      List<String> checks,
      List<String> failing,
      List<String> warnings,
      List<String> unknown,
      boolean flapping,
      List<Transition> history,
      @Nullable Override override) {
    /** Copies the lists. */
    public Service {
      checks = List.copyOf(checks);
      failing = List.copyOf(failing);
      warnings = List.copyOf(warnings);
      unknown = List.copyOf(unknown);
      history = List.copyOf(history);
    }
  }

  /**
   * One change of a derived service's status.
   *
   * @param at when it changed
   * @param from the status before; null for the first, at the server's start
   * @param to the status after
   * @param check the check whose result caused it; {@code ""} when none did (start, override)
   * @param reason that check's output then, or what happened to an override
   */
  public record Transition(
      Instant at, @Nullable ServingStatus from, ServingStatus to, String check, String reason) {}

  /**
   * A manual status that wins over a derived service's checks.
   *
   * @param status the status set by hand
   * @param since when it was set
   * @param until when it expires; null if it lasts until cleared
   */
  // The admin API's word for it; users name it ChecksReport.Override, and inside this file no
  // method needs java.lang.Override (records' accessors are generated).
  @SuppressWarnings("JavaLangClash")
  public record Override(ServingStatus status, Instant since, @Nullable Instant until) {}
}
