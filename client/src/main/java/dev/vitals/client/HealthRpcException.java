package dev.vitals.client;

import static java.util.Objects.requireNonNull;

import io.grpc.Status;

/**
 * A health or admin RPC failed. Keeps the gRPC status code and description, e.g. {@code NOT_FOUND:
 * unknown service 'db'} or {@code UNAVAILABLE: io exception}.
 */
public final class HealthRpcException extends Exception {
  private final transient Status status;

  HealthRpcException(Status status) {
    super(describe(requireNonNull(status, "status")), status.getCause());
    this.status = status;
  }

  /** The exception for a failed call's throwable (usually a {@code StatusRuntimeException}). */
  static HealthRpcException from(Throwable t) {
    return new HealthRpcException(Status.fromThrowable(t));
  }

  /** The gRPC status code, e.g. {@code NOT_FOUND}, {@code DEADLINE_EXCEEDED}. */
  public Status.Code code() {
    return status.getCode();
  }

  /** The status description the server (or the transport) gave; empty if there was none. */
  public String description() {
    return status.getDescription() == null ? "" : status.getDescription();
  }

  /** The whole gRPC status, including the transport's cause when there is one. */
  public Status status() {
    return status;
  }

  /**
   * "CODE: description", followed by the messages of the transport's cause and of its root cause
   * when there are any (for example "Connection refused", or why a certificate was refused), so
   * that the message says what went wrong.
   */
  private static String describe(Status status) {
    StringBuilder text = new StringBuilder(status.getCode().name());
    if (status.getDescription() != null) {
      text.append(": ").append(status.getDescription());
    }
    Throwable cause = status.getCause();
    Throwable root = cause;
    while (root != null && root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String said = String.valueOf(status.getDescription());
    for (Throwable t : new Throwable[] {cause, root}) {
      if (t != null && t.getMessage() != null && !said.contains(t.getMessage())) {
        text.append(" (").append(t.getMessage()).append(')');
        said += t.getMessage();
      }
    }
    return text.toString();
  }
}
