package dev.vitals.server.grpc;

import dev.vitals.server.status.ServiceNames;
import io.grpc.Status;

/** The gRPC statuses the health services end calls with, built once where they are constant. */
final class CallStatuses {
  /** How a Watch stream ends when the server stops. */
  static final Status SHUTTING_DOWN =
      Status.UNAVAILABLE.withDescription("vitals server is shutting down");

  /** The same answer for every over-long name on every surface. */
  static final Status NAME_TOO_LONG =
      Status.INVALID_ARGUMENT.withDescription(ServiceNames.TOO_LONG);

  private CallStatuses() {}

  /** A Watch refused because {@code limit} streams are open already. */
  static Status tooManyWatchers(int limit) {
    return Status.RESOURCE_EXHAUSTED.withDescription(
        "too many Watch streams open: " + "the limit is " + limit + "; retry later or use Check");
  }
}
