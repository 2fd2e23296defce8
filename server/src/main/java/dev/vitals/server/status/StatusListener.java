package dev.vitals.server.status;

import dev.vitals.common.HealthStatus;

/**
 * Something told about one service's status, such as an open Watch stream. What a close or a
 * refusal means on the wire is the listener's business, not the registry's.
 */
public interface StatusListener {
  /**
   * The service's status is now {@code status}; {@link HealthStatus#SERVICE_UNKNOWN} means it is
   * not registered. Called with the registry's lock held, in the order the changes happened: must
   * not block.
   */
  void onStatus(HealthStatus status);

  /** The registry is closing (the server is stopping): no status will follow. Must not block. */
  void onClosed();

  /**
   * Not subscribed: {@code limit} listeners are already subscribed. Must not block.
   *
   * @param limit the most listeners the registry holds at once
   */
  void onRefused(int limit);
}
