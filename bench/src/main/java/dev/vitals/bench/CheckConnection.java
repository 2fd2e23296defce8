package dev.vitals.bench;

import io.grpc.ManagedChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * One warmed channel to a server and the {@link HealthClient} on it, counting calls that did not
 * answer SERVING; {@link #close()} fails if there were any.
 */
// close() may be interrupted: it waits for channels and servers to terminate.
@SuppressWarnings("try")
final class CheckConnection implements AutoCloseable {
  final HealthClient client;
  final LongAdder failures;
  private final Impl impl;
  private final ManagedChannel channel;

  CheckConnection(Impl impl, int port, LongAdder failures) {
    this.impl = impl;
    this.failures = failures;
    channel = HealthClient.channel(port);
    client = HealthClient.forImpl(impl, channel);
    // Warm: connect and run one call before measuring, and make sure the server answers.
    if (!client.isServing(client.check())) {
      throw new IllegalStateException(impl.label() + " did not answer SERVING");
    }
  }

  /** One blocking Check, counted as a failure unless it answers SERVING; returns the response. */
  Object check() {
    Object response = client.check();
    if (!client.isServing(response)) {
      failures.increment();
    }
    return response;
  }

  /** One asynchronous Check, counted as a failure unless it answers SERVING. */
  void checkAsync(HealthClient.Done done) {
    client.checkAsync(
        serving -> {
          if (!serving) {
            failures.increment();
          }
          done.done(serving);
        });
  }

  /** Closes the channel; fails if it does not terminate or if any call did not answer SERVING. */
  @Override
  public void close() throws InterruptedException {
    channel.shutdownNow();
    if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
      throw new IllegalStateException("a client channel did not terminate");
    }
    if (failures.sum() > 0) {
      throw new IllegalStateException(
          failures.sum() + " calls to " + impl.label() + " did not answer SERVING");
    }
  }
}
