package dev.vitals.server.checks;

import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/** The rules for check and service names in the checks file (the same as the admin API's). */
final class CheckNames {
  /** The longest name, in UTF-8 bytes. */
  static final int MAX_BYTES = 1024;

  private static final int QUOTE_CHARS = 64;

  private CheckNames() {}

  /**
   * Why {@code name} cannot be used, or {@code null} if it can. {@code ""} is allowed only when
   * {@code emptyAllowed} (a service: the whole server).
   */
  static @Nullable String problem(String name, boolean emptyAllowed) {
    if (name.isEmpty()) {
      return emptyAllowed ? null : "name is empty";
    }
    if (name.isBlank()) {
      return "name is blank";
    }
    if (name.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
      return "name is longer than 1,024 bytes (UTF-8)";
    }
    for (int i = 0; i < name.length(); i++) {
      if (Character.isISOControl(name.charAt(i))) {
        return "name contains a control character at index " + i;
      }
    }
    return null;
  }

  /**
   * {@code name} as one segment of a key path: as it is when it is a short plain word, otherwise in
   * double quotes, shortened, with control characters escaped.
   */
  static String segment(String name) {
    if (!name.isEmpty()
        && name.length() <= QUOTE_CHARS
        && name.chars()
            .allMatch(c -> c < 128 && (Character.isLetterOrDigit(c) || c == '_' || c == '-'))) {
      return name;
    }
    StringBuilder out = new StringBuilder("\"");
    int limit = Math.min(name.length(), QUOTE_CHARS);
    for (int i = 0; i < limit; i++) {
      char c = name.charAt(i);
      if (Character.isISOControl(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else {
        out.append(c);
      }
    }
    if (name.length() > limit) {
      out.append("...");
    }
    return out.append('"').toString();
  }
}
