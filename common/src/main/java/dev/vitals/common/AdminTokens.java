package dev.vitals.common;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the admin token comes from, for the server and the CLI alike: a file (a mounted secret) or
 * the environment variable {@value #ENV}. Both trim the token, so a file's trailing newline is not
 * part of it. Which source wins when both are there is the caller's rule.
 */
public final class AdminTokens {
  /** The environment variable holding the token. */
  public static final String ENV = "VITALS_ADMIN_TOKEN";

  private AdminTokens() {}

  /**
   * The token in {@code file}: its UTF-8 content, trimmed.
   *
   * @param what how messages call the file, e.g. {@code "admin token file"} or {@code
   *     "--token-file"}; the file name follows
   * @throws IllegalArgumentException if the file cannot be read or holds only white space; the
   *     message never contains the file's content
   */
  public static String fromFile(Path file, String what) {
    requireNonNull(file, "file");
    requireNonNull(what, "what");
    String token;
    try {
      token = Files.readString(file, StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + what + " " + file + ": " + reason(e), e);
    }
    if (token.isEmpty()) {
      throw new IllegalArgumentException(what + " " + file + " is empty");
    }
    return token;
  }

  /**
   * The token in {@value #ENV}, trimmed; none if the variable is unset or empty.
   *
   * @throws IllegalArgumentException if it is set to white space only
   */
  public static Optional<String> fromEnvironment(Map<String, String> env) {
    String value = requireNonNull(env, "env").get(ENV);
    if (value == null || value.isEmpty()) {
      return Optional.empty();
    }
    if (value.isBlank()) {
      throw new IllegalArgumentException(ENV + " is blank");
    }
    return Optional.of(value.trim());
  }

  private static String reason(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }
}
