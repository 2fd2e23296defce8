package dev.vitals.client;

/** A running {@link HealthClient#watch Watch} stream. Closing it cancels the stream. */
public interface HealthWatch extends AutoCloseable {
  /**
   * Cancels the stream; the listener hears nothing more. Idempotent, and safe from any thread,
   * including from inside a listener callback.
   */
  void cancel();

  /** Same as {@link #cancel()}. */
  @Override
  default void close() {
    cancel();
  }
}
