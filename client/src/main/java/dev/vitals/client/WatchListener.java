package dev.vitals.client;

/**
 * Receives the statuses of a {@link HealthClient#watch Watch} stream. Callbacks run on the
 * channel's executor, one at a time, and must not block or throw.
 */
public interface WatchListener {
  /** The service's status: first the current one, then every change. */
  void onStatus(ServingStatus status);

  /**
   * The stream failed (for example UNIMPLEMENTED, or UNAVAILABLE when the server stops). Not called
   * after {@link HealthWatch#cancel()}.
   */
  default void onError(HealthRpcException error) {}

  /** The server ended the stream normally. Not called after {@link HealthWatch#cancel()}. */
  default void onCompleted() {}
}
