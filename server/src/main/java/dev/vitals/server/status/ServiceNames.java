package dev.vitals.server.status;

import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/** Rules for service names: what may be registered, and how a name is quoted in a message. */
public final class ServiceNames {
  /** The longest name, in UTF-8 bytes, that may be registered or looked up. */
  public static final int MAX_BYTES = 1024;

  /** Names are cut to this many characters when quoted in a status description or log line. */
  private static final int QUOTE_CHARS = 64;

  /** Why a name that {@link #tooLong} rejects cannot be looked up. */
  public static final String TOO_LONG = "service name is longer than " + MAX_BYTES + " bytes";

  private ServiceNames() {}

  /**
   * Returns why {@code name} cannot be registered, or {@code null} if it can. {@code ""} (the whole
   * server) is valid.
   */
  public static @Nullable String problem(String name) {
    if (name.isEmpty()) {
      return null;
    }
    if (name.isBlank()) {
      return "service name is blank; use \"\" for the whole server";
    }
    if (utf8Length(name) > MAX_BYTES) {
      return TOO_LONG;
    }
    for (int i = 0; i < name.length(); i++) {
      if (Character.isISOControl(name.charAt(i))) {
        return "service name " + quote(name) + " contains a control character at index " + i;
      }
    }
    return null;
  }

  /** Whether a lookup of {@code name} can be answered at all (no need to quote 1 MiB back). */
  public static boolean tooLong(String name) {
    // A char is 1 to 3 UTF-8 bytes (a surrogate pair is 4 for 2 chars): count only when in doubt.
    if (name.length() > MAX_BYTES) {
      return true;
    }
    return name.length() * 3 > MAX_BYTES && utf8Length(name) > MAX_BYTES;
  }

  /** {@code name} in single quotes, shortened and with control characters escaped. */
  public static String quote(String name) {
    StringBuilder out = new StringBuilder(Math.min(name.length(), QUOTE_CHARS) + 8).append('\'');
    int limit = Math.min(name.length(), QUOTE_CHARS);
    for (int i = 0; i < limit; i++) {
      char c = name.charAt(i);
      if (Character.isISOControl(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    if (name.length() > limit) {
      out.append("...");
    }
    return out.append('\'').toString();
  }

  private static int utf8Length(String name) {
    return name.getBytes(StandardCharsets.UTF_8).length;
  }
}
