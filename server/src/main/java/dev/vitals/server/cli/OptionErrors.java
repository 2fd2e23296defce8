package dev.vitals.server.cli;

import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

/**
 * The one-line messages for bad option values. A converter does not know which option it reads, so
 * it writes {@link #OPTION} where the option's name goes; {@link #converterMessage} puts the name
 * in, so that a bad value reads {@code --port 'http' is not a number} whether it came from the flag
 * or its variable.
 */
final class OptionErrors {
  /** Stands for the option's name in a converter's message. */
  static final String OPTION = "{option}";

  private OptionErrors() {}

  /** A conversion failure whose message is {@code e}'s, written with {@link #OPTION}. */
  static TypeConversionException conversion(IllegalArgumentException e) {
    return new TypeConversionException(e.getMessage());
  }

  /**
   * A converter's message with the option named in it, or null if {@code e} is picocli's own (an
   * unknown option, a missing value), which is then printed with a pointer to the usage.
   */
  static @Nullable String converterMessage(ParameterException e) {
    ArgSpec arg = e.getArgSpec();
    String message = e.getCause() == null ? null : e.getCause().getMessage();
    if (e.getCause() instanceof TypeConversionException
        && arg instanceof OptionSpec optionSpec
        && message != null
        && message.contains(OPTION)) {
      return message.replace(OPTION, optionSpec.longestName());
    }
    return null;
  }
}
