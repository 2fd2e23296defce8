package dev.vitals.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import dev.vitals.client.ServiceStatus;
import dev.vitals.client.ServingStatus;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes a command's data to stdout as text or as JSON (one value per line). */
final class Printer {
  private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();
  private final PrintWriter out;
  private final boolean json;

  Printer(PrintWriter out, boolean json) {
    this.out = out;
    this.json = json;
  }

  /** One check result: {@code SERVING}, or {@code {"service":"db","status":"SERVING"}}. */
  void status(String service, ServingStatus status) {
    if (json) {
      out.println(GSON.toJson(entry(service, status)));
    } else {
      out.println(status);
    }
    out.flush();
  }

  /**
   * One of several check results: {@code db SERVING}, or {@code
   * {"service":"db","status":"SERVING"}}.
   */
  void serviceStatus(String service, ServingStatus status) {
    if (json) {
      out.println(GSON.toJson(entry(service, status)));
    } else {
      out.println(display(service) + " " + status);
    }
    out.flush();
  }

  /** One watch event, with the time it arrived. */
  void watchEvent(Instant time, String service, ServingStatus status) {
    if (json) {
      Map<String, Object> event = new LinkedHashMap<>();
      event.put("time", time.toString());
      event.putAll(entry(service, status));
      out.println(GSON.toJson(event));
    } else {
      out.println(time + " " + status);
    }
    out.flush();
  }

  /** Every service: a two-column table, or a JSON array of {service, status} objects. */
  void statuses(Map<String, ServingStatus> statuses) {
    if (json) {
      List<Map<String, Object>> entries = new ArrayList<>();
      statuses.forEach((service, status) -> entries.add(entry(service, status)));
      out.println(GSON.toJson(entries));
    } else {
      int width = "SERVICE".length();
      for (String service : statuses.keySet()) {
        width = Math.max(width, display(service).length());
      }
      String row = "%-" + width + "s  %s%n";
      out.printf(row, "SERVICE", "STATUS");
      statuses.forEach((service, status) -> out.printf(row, display(service), status));
    }
    out.flush();
  }

  /** Admin statuses: a table with the time each last changed, or a JSON array of objects. */
  void adminStatuses(List<ServiceStatus> statuses) {
    if (json) {
      List<Map<String, Object>> entries = new ArrayList<>();
      for (ServiceStatus status : statuses) {
        Map<String, Object> entry = entry(status.service(), status.status());
        entry.put("lastChanged", status.lastChanged().toString());
        entries.add(entry);
      }
      out.println(GSON.toJson(entries));
    } else {
      int width = "SERVICE".length();
      for (ServiceStatus status : statuses) {
        width = Math.max(width, display(status.service()).length());
      }
      String row = "%-" + width + "s  %-11s  %s%n";
      out.printf(row, "SERVICE", "STATUS", "LAST CHANGED");
      for (ServiceStatus status : statuses) {
        out.printf(row, display(status.service()), status.status(), status.lastChanged());
      }
    }
    out.flush();
  }

  private static Map<String, Object> entry(String service, ServingStatus status) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("service", service);
    entry.put("status", status.name());
    return entry;
  }

  /** The whole server's name is empty; show it so that a reader sees a row, not a gap. */
  static String display(String service) {
    return service.isEmpty() ? "\"\"" : service;
  }

  /** A service name in messages: {@code 'db'}, or {@code '' (the whole server)}. */
  static String quote(String service) {
    return service.isEmpty() ? "'' (the whole server)" : "'" + service + "'";
  }
}
