package dev.vitals.server.cli;

import java.util.function.Consumer;
import sun.misc.Signal;

/** SIGTERM and SIGINT handlers, so the drain runs instead of the JVM's default exit. */
final class Signals {
  private Signals() {}

  /** Calls {@code handler} with the signal name ("TERM" or "INT") on each signal. */
  static void onTermination(Consumer<String> handler) {
    for (String name : new String[] {"TERM", "INT"}) {
      try {
        Signal.handle(new Signal(name), signal -> handler.accept(signal.getName()));
      } catch (IllegalArgumentException e) {
        // The signal is not available on this platform (or reserved by the JVM); nothing to do.
      }
    }
  }
}
