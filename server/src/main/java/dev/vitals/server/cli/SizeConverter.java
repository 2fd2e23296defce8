package dev.vitals.server.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;

/** {@code --max-message-size}: bytes, 2 KiB to 16 MiB, with an optional KiB or MiB suffix. */
final class SizeConverter implements ITypeConverter<Integer> {
  static final int MIN = 2048;
  static final int MAX = 16 << 20;

  @Override
  public Integer convert(String text) {
    try {
      return parse(OptionErrors.OPTION, text, MIN, MAX);
    } catch (IllegalArgumentException e) {
      throw OptionErrors.conversion(e);
    }
  }

  /**
   * Bytes, with an optional KiB or MiB suffix (K, KB, M, MB also read as binary units).
   *
   * @throws IllegalArgumentException starting with {@code option} if it is not a size in range
   */
  static int parse(String option, String text, int min, int max) {
    String t = text.trim();
    String upper = t.toUpperCase(Locale.ROOT);
    long unit = 1;
    for (String[] suffix :
        new String[][] {
          {"KIB", "1024"},
          {"KB", "1024"},
          {"K", "1024"},
          {"MIB", "1048576"},
          {"MB", "1048576"},
          {"M", "1048576"},
          {"B", "1"}
        }) {
      if (upper.endsWith(suffix[0])) {
        unit = Long.parseLong(suffix[1]);
        t = t.substring(0, t.length() - suffix[0].length()).trim();
        break;
      }
    }
    long value;
    try {
      value = Long.parseLong(t) * unit;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          option + " '" + text + "' is not a size (examples: 4096, 4KiB, 1MiB)");
    }
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          option + " " + text.trim() + " is out of range " + min + "-" + max + " bytes");
    }
    return (int) value;
  }
}
