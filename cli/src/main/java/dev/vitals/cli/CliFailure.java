package dev.vitals.cli;

import static java.util.Objects.requireNonNull;

import dev.vitals.client.HealthRpcException;

/** Ends a command with an exit code and a one-line message for stderr. */
final class CliFailure extends RuntimeException {
  private final int exitCode;

  CliFailure(int exitCode, String message) {
    // One line on stderr, even when a transport description spans several.
    super(message.replaceAll("\\s*\\R\\s*", " "), null, false, false);
    this.exitCode = exitCode;
  }

  /** The one-line message; never null (the constructor requires one). */
  @Override
  public String getMessage() {
    return requireNonNull(super.getMessage());
  }

  /** Invalid arguments (exit 1). */
  static CliFailure invalid(String message) {
    return new CliFailure(ExitCodes.INVALID_ARGUMENTS, message);
  }

  /** A failed RPC (exit 3), with its gRPC status and description. */
  static CliFailure rpc(HealthRpcException e) {
    return new CliFailure(ExitCodes.RPC_FAILURE, "rpc failure: " + e.getMessage());
  }

  int exitCode() {
    return exitCode;
  }
}
