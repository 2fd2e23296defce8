package dev.vitals.server.cli;

import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Option defaults from the environment: {@code --max-watchers} reads {@code VITALS_MAX_WATCHERS}
 * from the injected map (the process environment, or a test's). {@code --service} has its own
 * comma-separated {@code VITALS_SERVICES} ({@link InitialServices}); help and version have none.
 */
final class EnvironmentDefaults implements IDefaultValueProvider {
  private final Map<String, String> env;

  EnvironmentDefaults(Map<String, String> env) {
    this.env = env;
  }

  /** The variable of an option: {@code --max-watchers} is {@code VITALS_MAX_WATCHERS}. */
  static String variableOf(String option) {
    return "VITALS_" + option.substring(2).toUpperCase(Locale.ROOT).replace('-', '_');
  }

  @Override
  public @Nullable String defaultValue(ArgSpec arg) {
    if (arg instanceof OptionSpec option) {

      if (option.usageHelp() || option.versionHelp() || option.isMultiValue()) {
        return null;
      }
      String value = env.get(variableOf(option.longestName()));
      return value == null || value.isEmpty() ? null : value;
    }
    return null;
  }
}
