package dev.vitals.server;

import java.io.IOException;
import java.time.Duration;

/**
 * Something the server serves on, such as the gRPC port: {@link VitalsServer} starts its endpoints
 * in order and stops them all in its drain sequence. A new surface (an HTTP port, a metrics
 * exporter) implements this and is added to the server's list; the drain code does not change.
 */
public interface Endpoint {
  /**
   * Binds and starts serving.
   *
   * @throws IOException if it cannot bind or load what it needs
   */
  void start() throws IOException;

  /** Stops accepting new calls and connections; calls in flight go on. Does not block. */
  void shutdown();

  /**
   * Waits up to {@code grace} for the calls in flight to end.
   *
   * @return whether the endpoint has terminated
   */
  boolean awaitTermination(Duration grace) throws InterruptedException;

  /** Cancels the calls still open. Does not block. */
  void shutdownNow();

  /** Releases the endpoint's threads; called last, also when {@link #start} failed or never ran. */
  void close();

  /** Where it listens, for the ready line: {@code 0.0.0.0:8001}, {@code in-process:name}. */
  String describe();
}
