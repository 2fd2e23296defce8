package dev.vitals.client.cli;

import dev.vitals.client.AdminClient;
import dev.vitals.client.HealthRpcException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The flags of the admin commands (set, clear): the token, the deadline and the connection. */
final class AdminOptions {
  static final String ENV = "VITALS_ADMIN_TOKEN";

  @Option(names = "--token-file", paramLabel = "FILE",
      description = "File holding the admin token; otherwise env " + ENV + ".")
  Path tokenFile;

  @Mixin RpcTimeoutOption timeout;
  @Mixin ConnectionOptions connection;

  /** One admin call. */
  interface AdminCall {
    void run(AdminClient admin) throws HealthRpcException;
  }

  /** Checks the flags, connects, and makes {@code call} with the token and deadline. */
  void call(Map<String, String> env, AdminCall call) {
    ConnectionSettings settings = connection.settings();
    Duration deadline = timeout.checked(settings);
    String token = token(env);
    settings.call(channel -> {
      call.run(AdminClient.create(channel, token).withDeadline(deadline));
      return null;
    });
  }

  /** The token from {@code --token-file}, else the environment; exit 1 if there is none. */
  private String token(Map<String, String> env) {
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
