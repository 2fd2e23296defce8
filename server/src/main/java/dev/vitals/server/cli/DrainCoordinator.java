package dev.vitals.server.cli;

import dev.vitals.server.VitalsServer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;

/**
 * Runs the drain on the first SIGTERM or SIGINT, on its own thread, and ends the drain delay on the
 * second; {@link #awaitStopped} blocks until the server has stopped.
 */
final class DrainCoordinator {
  private final Logger log;
  private final VitalsServer server;
  private final AtomicBoolean signalled = new AtomicBoolean();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final Thread drainer;

  DrainCoordinator(VitalsServer server, Logger log) {
    this.server = server;
    this.log = log;
    this.drainer =
        new Thread(
            () -> {
              try {
                server.drainAndStop();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                server.close();
              } finally {
                stopped.countDown();
              }
            },
            "vitals-drain");
  }

  /** Handles SIGTERM and SIGINT from now on. */
  void installSignalHandlers() {
    Signals.onTermination(this::onSignal);
  }

  /** A termination signal ("TERM" or "INT"): the first drains, the next end the drain delay. */
  void onSignal(String signal) {
    if (signalled.compareAndSet(false, true)) {
      log.info("received SIG{}: draining", signal);
      drainer.start();
    } else {
      log.info("received SIG{} again: ending the drain delay now", signal);
      server.endDrainDelay();
    }
  }

  /** Blocks until the drain has stopped the server; if interrupted, stops it at once. */
  void awaitStopped() {
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      server.close();
    }
  }
}
