package dev.vitals.common;

import static java.util.Objects.requireNonNull;

import io.grpc.Metadata;
import java.util.Locale;
import java.util.Optional;

/**
 * How an admin call carries its token: the metadata {@code authorization: Bearer <token>}. The
 * client library writes it with {@link #headerValue}; the server reads it with {@link
 * #bearerToken}.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6750#section-2.1">RFC 6750, the Bearer scheme</a>
 */
public final class AdminAuthorization {
  /** The metadata key, {@code authorization}. */
  public static final Metadata.Key<String> KEY =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  /** The form to send, for messages that tell a caller what is expected. */
  public static final String FORMAT = "authorization: Bearer <token>";

  private static final String SCHEME = "bearer ";

  private AdminAuthorization() {}

  /**
   * Checks an admin token and returns it without surrounding white space (a token file's trailing
   * newline is not part of the token).
   *
   * @throws IllegalArgumentException if it is blank or not printable ASCII (metadata is ASCII)
   */
  public static String checkToken(String token) {
    String trimmed = requireNonNull(token, "token").trim();
    if (trimmed.isEmpty()) {
      throw new IllegalArgumentException("admin token is blank");
    }
    if (!trimmed.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
      throw new IllegalArgumentException("admin token must be printable ASCII");
    }
    return trimmed;
  }

  /**
   * The value of the {@link #KEY} metadata for {@code token}: {@code Bearer <token>}.
   *
   * @throws IllegalArgumentException as {@link #checkToken} does
   */
  public static String headerValue(String token) {
    return "Bearer " + checkToken(token);
  }

  /**
   * The token in an {@code authorization} value: what follows the scheme {@code Bearer }
   * (case-insensitive), trimmed, and empty if only white space follows; no value if the metadata is
   * not a bearer token at all.
   */
  public static Optional<String> bearerToken(String headerValue) {
    requireNonNull(headerValue, "headerValue");
    if (headerValue.length() <= SCHEME.length()
        || !headerValue.substring(0, SCHEME.length()).toLowerCase(Locale.ROOT).equals(SCHEME)) {
      return Optional.empty();
    }
    return Optional.of(headerValue.substring(SCHEME.length()).trim());
  }
}
