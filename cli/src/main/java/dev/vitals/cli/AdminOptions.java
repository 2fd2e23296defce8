package dev.vitals.cli;

import static java.util.Objects.requireNonNullElse;

import dev.vitals.client.AdminClient;
import dev.vitals.client.HealthRpcException;
import dev.vitals.common.AdminAuthorization;
import dev.vitals.common.AdminTokens;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The flags of the admin commands (set, clear): the token, the deadline and the connection. */
final class AdminOptions {
  @Option(
      names = "--token-file",
      paramLabel = "FILE",
      description = "File holding the admin token; otherwise env " + AdminTokens.ENV + ".")
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
    settings.run(channel -> call.run(AdminClient.create(channel, token).withDeadline(deadline)));
  }

  /** The token from {@code --token-file}, else the environment; exit 1 if there is none. */
  private String token(Map<String, String> env) {
    try {
      if (tokenFile != null) {
        return AdminAuthorization.checkToken(AdminTokens.fromFile(tokenFile, "--token-file"));
      }
      return AdminAuthorization.checkToken(
          AdminTokens.fromEnvironment(env)
              .orElseThrow(
                  () ->
                      CliFailure.invalid(
                          "no admin token: give --token-file FILE or set " + AdminTokens.ENV)));
    } catch (IllegalArgumentException e) {
      throw CliFailure.invalid(requireNonNullElse(e.getMessage(), "invalid admin token"));
    }
  }
}
