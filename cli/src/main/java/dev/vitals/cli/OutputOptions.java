package dev.vitals.cli;

import picocli.CommandLine.Option;

/** {@code --output}: for people (text, or a table for lists) or for programs (JSON). */
final class OutputOptions {
  /** The output formats; TEXT and TABLE mean the same. */
  enum Format {
    TEXT,
    TABLE,
    JSON
  }

  @Option(
      names = {"-o", "--output"},
      paramLabel = "text|table|json",
      defaultValue = "text",
      description = "Output format: text (or table) or json. Default: ${DEFAULT-VALUE}.")
  Format format;

  boolean json() {
    return format == Format.JSON;
  }
}
