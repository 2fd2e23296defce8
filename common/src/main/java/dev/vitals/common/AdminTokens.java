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

  /** The shortest token a server accepts unless told to allow short ones (for tests). */
  public static final int MIN_LENGTH = 16;

  /** The example token in {@code vitals.env.example}, which a server never accepts. */
  public static final String PLACEHOLDER = "replace-with-a-long-random-token";

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

  /**
   * Checks that a server's token is not guessable by rule: never {@link #PLACEHOLDER}, and at least
   * {@value #MIN_LENGTH} bytes unless {@code allowShort}. Messages name the rule, never the token.
   *
   * @return the token
   * @throws IllegalArgumentException if it breaks a rule
   */
  public static String requireStrong(String token, boolean allowShort) {
    requireNonNull(token, "token");
    if (token.trim().equals(PLACEHOLDER)) {
      throw new IllegalArgumentException(
          "the admin token is the placeholder from vitals.env.example; "
              + "use a long random one (for example: openssl rand -hex 32)");
    }
    if (!allowShort && token.trim().getBytes(StandardCharsets.UTF_8).length < MIN_LENGTH) {
      throw new IllegalArgumentException(
          "the admin token must be at least "
              + MIN_LENGTH
              + " bytes long (for example: openssl rand -hex 32); "
              + "--allow-short-admin-token allows shorter ones, for tests only");
    }
    return token;
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
