package dev.vitals.server.checks;

/**
 * Told of every result a check records (its metrics, in production). The check's name is one of the
 * configured names, never anything a client sent.
 *
 * <p>Called while the engine holds its lock: an implementation must be quick and must not call back
 * into {@link Checks}.
 */
@FunctionalInterface
public interface ResultListener {
  /** A listener that does nothing: the default. */
  ResultListener NONE = (check, result, state) -> {};

  /**
   * {@code check} recorded {@code result} (a timed-out run included, as a failure), after which it
   * stands at {@code state} (its thresholds applied).
   */
  void recorded(String check, CheckResult result, CheckState state);
}
