package dev.vitals.server.cli;

import dev.vitals.server.checks.ChecksConfig;
import dev.vitals.server.checks.ChecksConfigException;
import dev.vitals.server.checks.ChecksConfigParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The checks options of {@code vitals-server}, a mixin of {@link ServerCommand} so that the checks
 * feature's options live in one place: {@code --config FILE} (env {@code VITALS_CONFIG}).
 */
final class ChecksOptions {
  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "YAML file of checks the server runs in the background and the services whose status "
              + "it derives from them (see README, Checks) (env VITALS_CONFIG). Flags and "
              + "variables win over the file: --service for a derived service is a manual "
              + "override of it.")
  @Nullable String config;

  /**
   * The checks file, parsed; {@link ChecksConfig#EMPTY} without one.
   *
   * @throws IllegalArgumentException with the parser's one line (file, line, key) if the file
   *     cannot be read or used
   */
  ChecksConfig read() {
    // A blank path is no path: an empty variable leaves the setting off.
    if (config == null || config.isBlank()) {
      return ChecksConfig.EMPTY;
    }
    Path path = Path.of(config.trim());
    try {
      if (Files.isDirectory(path)) {
        throw new IllegalArgumentException("--config " + path + " is a directory, not a file");
      }
      return ChecksConfigParser.parse(path);
    } catch (ChecksConfigException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("--config " + path + ": no such file", e);
    } catch (IOException e) {
      throw new IllegalArgumentException("--config " + path + ": cannot read: " + e, e);
    }
  }
}
