package dev.vitals.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import dev.vitals.client.ChecksReport;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Writes what the checks found ({@code vitals checks}, {@code vitals history}) as tables for people
 * or as one JSON value for programs. JSON names are camelCase, times ISO-8601, latencies in
 * milliseconds; absent values are {@code null}.
 */
final class ChecksPrinter {
  private static final Gson GSON =
      new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

  /** Outputs longer than this are cut in tables unless --verbose. */
  private static final int SHORT_OUTPUT = 60;

  private final PrintWriter out;
  private final boolean json;
  private final boolean verbose;

  ChecksPrinter(PrintWriter out, boolean json, boolean verbose) {
    this.out = out;
    this.json = json;
    this.verbose = verbose;
  }

  /** Every check, then every derived service. */
  void report(ChecksReport report) {
    if (json) {
      Map<String, Object> root = new LinkedHashMap<>();
      root.put("at", report.at().toString());
      List<Object> checks = new ArrayList<>();
      report.checks().forEach(check -> checks.add(check(check)));
      root.put("checks", checks);
      List<Object> services = new ArrayList<>();
      report.services().forEach(service -> services.add(service(service)));
      root.put("services", services);
      out.println(GSON.toJson(root));
      out.flush();
      return;
    }
    Table checks =
        verbose
            ? new Table(
                "CHECK",
                "TYPE",
                "TARGET",
                "CRITICAL",
                "STATE",
                "PASSES",
                "FAILURES",
                "LATENCY",
                "LAST RUN",
                "OUTPUT")
            : new Table("CHECK", "TYPE", "STATE", "PASSES", "FAILURES", "LATENCY", "OUTPUT");
    for (ChecksReport.Check check : report.checks()) {
      ChecksReport.Result last = check.last();
      String latency = last == null ? "-" : millis(last.latency()) + "ms";
      String output = last == null ? "-" : oneLine(last.output());
      String state = check.critical() || verbose ? check.state() : check.state() + " (warn)";
      if (verbose) {
        checks.row(
            check.name(),
            check.type(),
            check.target(),
            String.valueOf(check.critical()),
            state,
            String.valueOf(check.consecutivePasses()),
            String.valueOf(check.consecutiveFailures()),
            latency,
            last == null ? "-" : last.at().toString(),
            output);
      } else {
        checks.row(
            check.name(),
            check.type(),
            state,
            String.valueOf(check.consecutivePasses()),
            String.valueOf(check.consecutiveFailures()),
            latency,
            shorten(output));
      }
    }
    checks.print(out);
    out.println();
    if (verbose) {
      backends(report);
    }
    Table services = new Table("SERVICE", "STATUS", "FLAPPING", "WHY");
    for (ChecksReport.Service service : report.services()) {
      services.row(
          Printer.display(service.name()),
          service.status().name(),
          service.flapping() ? "yes" : "no",
          why(service));
    }
    services.print(out);
    out.flush();
  }

  /** Each backend of the checks that have several (--verbose): a grpc check on replicas. */
  private void backends(ChecksReport report) {
    Table table = new Table("CHECK", "BACKEND", "MODE", "SERVING", "STATUS", "SINCE", "DETAIL");
    boolean any = false;
    for (ChecksReport.Check check : report.checks()) {
      for (ChecksReport.Backend backend : check.backends()) {
        any = true;
        table.row(
            check.name(),
            backend.name(),
            backend.mode(),
            backend.serving() ? "yes" : "no",
            backend.status(),
            backend.since() == null ? "-" : backend.since().toString(),
            backend.detail().isEmpty() ? "-" : oneLine(backend.detail()));
      }
    }
    if (any) {
      table.print(out);
      out.println();
    }
  }

  /** One derived service's transitions, oldest first. */
  void history(ChecksReport.Service service) {
    if (json) {
      out.println(GSON.toJson(service(service)));
      out.flush();
      return;
    }
    Table table = new Table("TIME", "FROM", "TO", "CHECK", "REASON");
    for (ChecksReport.Transition t : service.history()) {
      table.row(
          t.at().toString(),
          t.from() == null ? "-" : t.from().name(),
          t.to().name(),
          t.check().isEmpty() ? "-" : t.check(),
          verbose ? oneLine(t.reason()) : shorten(oneLine(t.reason())));
    }
    table.print(out);
    if (service.flapping()) {
      out.println("flapping: more transitions in the window than the server's policy allows");
    }
    out.flush();
  }

  /** Why a service has its status, in a few words. */
  private static String why(ChecksReport.Service service) {
    List<String> parts = new ArrayList<>();
    ChecksReport.Override override = service.override();
    if (override != null) {
      parts.add(
          "override "
              + override.status()
              + (override.until() == null ? " until cleared" : " until " + override.until()));
    }
    if (!service.failing().isEmpty()) {
      parts.add("failing: " + String.join(", ", service.failing()));
    }
    if (!service.unknown().isEmpty()) {
      parts.add("no result yet: " + String.join(", ", service.unknown()));
    }
    if (!service.warnings().isEmpty()) {
      parts.add("warning: " + String.join(", ", service.warnings()));
    }
    return parts.isEmpty() ? "-" : String.join("; ", parts);
  }

  private static Map<String, Object> check(ChecksReport.Check check) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("name", check.name());
    map.put("type", check.type());
    map.put("target", check.target());
    map.put("critical", check.critical());
    map.put("state", check.state());
    map.put("since", time(check.since()));
    ChecksReport.Result last = check.last();
    if (last == null) {
      map.put("last", null);
    } else {
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("passed", last.passed());
      result.put("output", last.output());
      result.put("latencyMillis", millis(last.latency()));
      result.put("at", last.at().toString());
      map.put("last", result);
    }
    map.put("consecutivePasses", check.consecutivePasses());
    map.put("consecutiveFailures", check.consecutiveFailures());
    List<Object> backends = new ArrayList<>();
    for (ChecksReport.Backend backend : check.backends()) {
      Map<String, Object> b = new LinkedHashMap<>();
      b.put("name", backend.name());
      b.put("serving", backend.serving());
      b.put("status", backend.status());
      b.put("mode", backend.mode());
      b.put("since", time(backend.since()));
      b.put("detail", backend.detail());
      backends.add(b);
    }
    map.put("backends", backends);
    return map;
  }

  private static Map<String, Object> service(ChecksReport.Service service) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("service", service.name());
    map.put("status", service.status().name());
    map.put("since", time(service.since()));
    map.put("checks", service.checks());
    map.put("failing", service.failing());
    map.put("warnings", service.warnings());
    map.put("unknown", service.unknown());
    map.put("flapping", service.flapping());
    List<Object> history = new ArrayList<>();
    for (ChecksReport.Transition t : service.history()) {
      Map<String, Object> transition = new LinkedHashMap<>();
      transition.put("at", t.at().toString());
      transition.put("from", t.from() == null ? null : t.from().name());
      transition.put("to", t.to().name());
      transition.put("check", t.check().isEmpty() ? null : t.check());
      transition.put("reason", t.reason());
      history.add(transition);
    }
    map.put("history", history);
    ChecksReport.Override override = service.override();
    if (override == null) {
      map.put("override", null);
    } else {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("status", override.status().name());
      o.put("since", override.since().toString());
      o.put("until", time(override.until()));
      map.put("override", o);
    }
    return map;
  }

  private static @Nullable Object time(@Nullable Instant at) {
    return at == null ? null : at.toString();
  }

  private static long millis(Duration latency) {
    return latency.toMillis();
  }

  private static String oneLine(String text) {
    return text.replaceAll("\\s+", " ").strip();
  }

  private static String shorten(String text) {
    return text.length() <= SHORT_OUTPUT ? text : text.substring(0, SHORT_OUTPUT - 3) + "...";
  }

  /** Left-aligned columns, as wide as their widest cell. */
  private static final class Table {
    private final List<String[]> rows = new ArrayList<>();

    Table(String... header) {
      rows.add(header);
    }

    void row(String... cells) {
      rows.add(cells);
    }

    void print(PrintWriter out) {
      int[] widths = new int[rows.get(0).length];
      for (String[] row : rows) {
        for (int i = 0; i < row.length; i++) {
          widths[i] = Math.max(widths[i], row[i].length());
        }
      }
      for (String[] row : rows) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < row.length; i++) {
          if (i == row.length - 1) {
            line.append(row[i]);
          } else {
            line.append(String.format("%-" + widths[i] + "s  ", row[i]));
          }
        }
        out.println(line.toString().stripTrailing());
      }
    }
  }
}
