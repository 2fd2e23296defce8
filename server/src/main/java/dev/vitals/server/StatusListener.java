package dev.vitals.server;

import io.grpc.Status;

/** Something told about one service's status: an open Watch stream. */
interface StatusListener {
  /**
   * The service's status is now {@code status}; {@code null} means it is not registered. Called
   * with the registry's lock held, in the order the changes happened: must not block.
   */
  void onStatus(HealthStatus status);

  /** The registry is closing: end with {@code status}. Must not block. */
  void onClose(Status status);
}
