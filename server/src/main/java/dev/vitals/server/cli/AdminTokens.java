package dev.vitals.server.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The server's one way to read the admin token: from {@code --admin-token-file} (or {@code
 * VITALS_ADMIN_TOKEN_FILE}), or from {@code VITALS_ADMIN_TOKEN}, never both. Messages never include
 * the token.
 */
final class AdminTokens {
  static final String VARIABLE = "VITALS_ADMIN_TOKEN";

  private AdminTokens() {}

  /**
   * The token, trimmed, or null if none is configured.
   *
   * @param file the token file, or null
   * @throws IllegalArgumentException if both are set, the file cannot be read, or it is empty
   */
  static String read(Path file, Map<String, String> env) {
    String fromEnv = env.get(VARIABLE);
    boolean envSet = fromEnv != null && !fromEnv.isEmpty();
    if (file != null && envSet) {
      throw new IllegalArgumentException(
          "both --admin-token-file (or VITALS_ADMIN_TOKEN_FILE) and VITALS_ADMIN_TOKEN are set; "
              + "use one");
    }
    if (file != null) {
      String token;
      try {
        token = Files.readString(file, StandardCharsets.UTF_8).trim();
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read admin token file " + file + ": " + e);
      }
      if (token.isEmpty()) {
        throw new IllegalArgumentException("admin token file " + file + " is empty");
      }
      return token;
    }
    if (envSet) {
      if (fromEnv.isBlank()) {
        throw new IllegalArgumentException("VITALS_ADMIN_TOKEN is blank");
      }
      return fromEnv.trim();
    }
    return null;
  }
}
