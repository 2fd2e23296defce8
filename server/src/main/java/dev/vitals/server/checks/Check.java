package dev.vitals.server.checks;

import java.time.Duration;

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

  /** Releases what the check holds (a channel, a client). Does nothing by default. */
  @Override
  default void close() {}
}
