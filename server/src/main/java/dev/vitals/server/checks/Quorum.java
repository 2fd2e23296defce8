package dev.vitals.server.checks;

import static java.util.Objects.requireNonNull;

/**
 * How many of a check's backends must pass for the check to pass: {@code all} (the default), a
 * count ({@code "2"}) or a share ({@code "50%"}, rounded up: half of 3 backends is 2).
 *
 * @param kind which of the three
 * @param value the count or the percentage (1-100); 0 for {@link Kind#ALL}
 */
public record Quorum(Kind kind, int value) {
  /** Every backend must pass. */
  public static final Quorum ALL = new Quorum(Kind.ALL, 0);

  /** The three ways to write a quorum. */
  public enum Kind {
    /** {@code all}. */
    ALL,
    /** {@code "2"}: at least this many backends. */
    COUNT,
    /** {@code "50%"}: at least this share of the backends, rounded up. */
    PERCENT
  }

  /** Checks the value's range for the kind. */
  public Quorum {
    requireNonNull(kind, "kind");
    if (kind == Kind.ALL ? value != 0 : value < 1 || (kind == Kind.PERCENT && value > 100)) {
      throw new IllegalArgumentException("quorum " + kind + " " + value + " is out of range");
    }
  }

  /** At least {@code count} backends. */
  public static Quorum count(int count) {
    return new Quorum(Kind.COUNT, count);
  }

  /** At least {@code percent}% of the backends, rounded up. */
  public static Quorum percent(int percent) {
    return new Quorum(Kind.PERCENT, percent);
  }

  /** How many of {@code backends} must pass (never 0 when there is a backend). */
  public int needed(int backends) {
    switch (kind) {
      case COUNT:
        return value;
      case PERCENT:
        return Math.max(1, (int) ((backends * (long) value + 99) / 100));
      case ALL:
      default:
        return backends;
    }
  }

  /** As written in the file: {@code all}, {@code 2}, {@code 50%}. */
  @Override
  public String toString() {
    switch (kind) {
      case COUNT:
        return Integer.toString(value);
      case PERCENT:
        return value + "%";
      case ALL:
      default:
        return "all";
    }
  }
}
