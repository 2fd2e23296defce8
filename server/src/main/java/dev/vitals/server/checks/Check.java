package dev.vitals.server.checks;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * One kind of dependency check ({@code tcp}, {@code http}, {@code exec}, ...). The engine calls
 * {@link #run} on a worker thread, never twice at once for the same check, and treats a run that
 * outlives its timeout as a failure whether or not it returns later; an implementation should still
 * give up by itself after {@code timeout} so that its thread comes back.
 *
 * <p>Outputs and exception messages are shown to operators: they must never contain secrets (header
 * values, passwords in URLs).
 */
public interface Check extends AutoCloseable {
  /**
   * Runs the check once.
   *
   * @param timeout how long this run may take
   * @return whether it passed, and what it saw
   * @throws Exception a failure; its message (never a secret) is kept as the result's output
   */
  CheckOutcome run(Duration timeout) throws Exception;

  /**
   * Called once when the engine starts. A check that learns results by itself between runs (a Watch
   * stream) hands them to {@code results} as they arrive, from any thread; each counts like a run's
   * result (toward {@code fall} and {@code rise}), so a derived service can change at once instead
   * of at the next run. {@code results} must not be called while holding a lock that {@link
   * #backends()} takes. Does nothing by default.
   */
  default void start(Consumer<CheckOutcome> results) {}

  /**
   * The backends this check covers, as last seen, for a check that covers several; empty by
   * default. Called while the engine holds its lock: must answer from memory, never wait.
   */
  default List<BackendSnapshot> backends() {
    return List.of();
  }

  /** Releases what the check holds (a channel, a client). Does nothing by default. */
  @Override
  default void close() {}
}
