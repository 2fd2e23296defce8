package dev.vitals.server.cli;

import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ITypeConverter;

/** A whole-number option within a range; one subclass per range. */
abstract class IntRangeConverter implements ITypeConverter<Integer> {
  private final int min;
  private final int max;

  IntRangeConverter(int min, int max) {
    this.min = min;
    this.max = max;
  }

  @Override
  public Integer convert(String text) {
    return convert(text, min, max);
  }

  /** {@code text} as a number in {@code min..max}, failing as a converter does. */
  private static Integer convert(String text, int min, int max) {
    try {
      return parse(OptionErrors.OPTION, text, min, max);
    } catch (IllegalArgumentException e) {
      throw OptionErrors.conversion(e);
    }
  }

  /**
   * {@code text} as a number in {@code min..max}.
   *
   * @throws IllegalArgumentException starting with {@code option} if it is not one
   */
  static int parse(String option, String text, int min, int max) {
    int value;
    try {
      value = Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " '" + text + "' is not a number");
    }
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          option + " " + value + " is out of range " + min + "-" + max);
    }
    return value;
  }

  /** {@code --port}: 0-65535. */
  static final class Port extends IntRangeConverter {
    Port() {
      super(0, 65535);
    }
  }

  /** {@code --workers}: 1-1024, or {@code auto} (null) for one per processor. */
  static final class Workers implements ITypeConverter<Integer> {
    @Override
    public @Nullable Integer convert(String text) {
      return text.trim().equalsIgnoreCase("auto") ? null : IntRangeConverter.convert(text, 1, 1024);
    }
  }

  /** {@code --max-list-entries} and {@code --max-streams-per-connection}: 1-1,000,000. */
  static final class UpToAMillion extends IntRangeConverter {
    UpToAMillion() {
      super(1, 1_000_000);
    }
  }

  /** {@code --max-watchers}: 1-10,000,000. */
  static final class Watchers extends IntRangeConverter {
    Watchers() {
      super(1, 10_000_000);
    }
  }
}
