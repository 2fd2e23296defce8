package dev.vitals.client.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/** Where the admin commands find the admin token. */
final class TokenOptions {
  static final String ENV = "VITALS_ADMIN_TOKEN";

  @Option(names = "--token-file", paramLabel = "FILE",
      description = "File holding the admin token; otherwise env " + ENV + ".")
  Path tokenFile;

  /** The token from {@code --token-file}, else the environment; exit 1 if there is none. */
  String token(Map<String, String> env) {
    if (tokenFile != null) {
      String token;
      try {
        token = Files.readString(tokenFile, StandardCharsets.UTF_8).trim();
      } catch (IOException e) {
        throw CliFailure.invalid("cannot read --token-file " + tokenFile + ": " + e.getMessage());
      }
      if (token.isEmpty()) {
        throw CliFailure.invalid("--token-file " + tokenFile + " is empty");
      }
      return token;
    }
    String token = env.get(ENV);
    if (token == null || token.isBlank()) {
      throw CliFailure.invalid("no admin token: give --token-file FILE or set " + ENV);
    }
    return token.trim();
  }
}
