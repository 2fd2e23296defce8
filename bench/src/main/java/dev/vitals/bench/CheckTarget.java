package dev.vitals.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/** A started server and {@code channels} warmed {@link CheckConnection}s to it. */
// close() may be interrupted: it waits for channels and servers to terminate.
@SuppressWarnings("try")
final class CheckTarget implements AutoCloseable {
  final BenchServer server;
  final List<CheckConnection> connections = new ArrayList<>();
  private final LongAdder failures = new LongAdder();

  CheckTarget(Impl impl, int channels) {
    server = BenchServer.start(impl, 0);
    for (int i = 0; i < channels; i++) {
      connections.add(new CheckConnection(impl, server.port(), failures));
    }
  }

  /** Closes the channels, then the server; fails if any call did not answer SERVING. */
  @Override
  public void close() throws InterruptedException {
    try {
      for (CheckConnection connection : connections) {
        connection.close();
      }
    } finally {
      server.close();
    }
  }
}
