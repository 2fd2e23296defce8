package dev.vitals.server.checks;

import static java.util.Objects.requireNonNull;

/**
 * What one run of a {@link Check} found: passed or not, and a short text saying what it saw
 * (truncated by the engine to {@link #MAX_OUTPUT_CHARS}).
 */
public record CheckOutcome(boolean passed, String output) {
  /** Outputs longer than this are cut, with {@code "..."} appended. */
  public static final int MAX_OUTPUT_CHARS = 1024;

  /** Checks the output is present and cuts it to {@link #MAX_OUTPUT_CHARS}. */
  public CheckOutcome {
    requireNonNull(output, "output");
    output = truncate(output);
  }

  /** A pass with {@code output}. */
  public static CheckOutcome pass(String output) {
    return new CheckOutcome(true, output);
  }

  /** A failure with {@code output}. */
  public static CheckOutcome fail(String output) {
    return new CheckOutcome(false, output);
  }

  static String truncate(String text) {
    if (text.length() <= MAX_OUTPUT_CHARS) {
      return text;
    }
    int end = MAX_OUTPUT_CHARS;
    // Never cut a surrogate pair in half.
    if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end) + "...";
  }
}
