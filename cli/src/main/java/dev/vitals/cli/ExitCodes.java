package dev.vitals.cli;

/** The exit codes of every {@code vitals} subcommand, the same as grpc_health_probe's. */
final class ExitCodes {
  /** SERVING, or the command succeeded. */
  static final int OK = 0;

  /** Invalid arguments. */
  static final int INVALID_ARGUMENTS = 1;

  /** Could not connect, including a connect timeout and a failed TLS handshake. */
  static final int CONNECTION_FAILURE = 2;

  /** The RPC failed: NOT_FOUND, UNIMPLEMENTED, DEADLINE_EXCEEDED, UNAUTHENTICATED, ... */
  static final int RPC_FAILURE = 3;

  /** The service answered, and its status is not SERVING. */
  static final int NOT_SERVING = 4;

  private ExitCodes() {}
}
