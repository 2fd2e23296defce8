package dev.vitals.server.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;

/**
 * Options that take one of two words, read case-insensitively: the value is the word in lower case.
 * (A {@code boolean} field would make picocli treat the option as a flag.)
 */
abstract class ChoiceConverter implements ITypeConverter<String> {
  private final String yes;
  private final String no;
  private final String expected;

  ChoiceConverter(String yes, String no, String expected) {
    this.yes = yes;
    this.no = no;
    this.expected = expected;
  }

  @Override
  public String convert(String text) {
    String word = text.trim().toLowerCase(Locale.ROOT);
    if (word.equals(yes) || word.equals(no)) {
      return word;
    }
    throw OptionErrors.conversion(
        new IllegalArgumentException(OptionErrors.OPTION + " '" + text + "' is not " + expected));
  }

  /** {@code --tls-client-auth}: {@code require} or {@code optional}. */
  static final class ClientAuth extends ChoiceConverter {
    ClientAuth() {
      super("optional", "require", "'require' or 'optional'");
    }
  }

  /** A strict boolean: {@code true} or {@code false}, nothing else. */
  static final class TrueFalse extends ChoiceConverter {
    TrueFalse() {
      super("true", "false", "true or false");
    }
  }
}
