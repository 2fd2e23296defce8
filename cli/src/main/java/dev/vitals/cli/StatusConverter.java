package dev.vitals.cli;

import dev.vitals.client.ServingStatus;
import picocli.CommandLine;

/** Reads a status name case-insensitively, saying which names there are when it is not one. */
final class StatusConverter implements CommandLine.ITypeConverter<ServingStatus> {
  @Override
  public ServingStatus convert(String text) {
    try {
      return ServingStatus.parse(text);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(e.getMessage());
    }
  }
}
