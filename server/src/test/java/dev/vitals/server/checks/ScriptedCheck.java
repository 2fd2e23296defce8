package dev.vitals.server.checks;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicInteger;

/** A {@link Check} that answers what the test sets: pass or fail, and counts its runs. */
final class ScriptedCheck implements Check {
  private final Deque<CheckOutcome> next = new ArrayDeque<>();
  private volatile boolean passing = true;
  final AtomicInteger runs = new AtomicInteger();
  volatile boolean closed;

  /** From now on every run passes ({@code true}) or fails. */
  ScriptedCheck passing(boolean passing) {
    this.passing = passing;
    return this;
  }

  /** The next runs answer these outcomes, then the current pass/fail setting. */
  synchronized ScriptedCheck then(CheckOutcome... outcomes) {
    for (CheckOutcome outcome : outcomes) {
      next.add(outcome);
    }
    return this;
  }

  @Override
  public CheckOutcome run(Duration timeout) {
    int run = runs.incrementAndGet();
    synchronized (this) {
      if (!next.isEmpty()) {
        return next.poll();
      }
    }
    return passing ? CheckOutcome.pass("ok " + run) : CheckOutcome.fail("down " + run);
  }

  /** What the engine gave {@link #start}: the way to push results between runs. */
  volatile java.util.function.Consumer<CheckOutcome> results;

  @Override
  public void start(java.util.function.Consumer<CheckOutcome> results) {
    this.results = results;
  }

  /** Hands {@code outcome} to the engine as a check that watches would, between runs. */
  void push(CheckOutcome outcome) {
    results.accept(outcome);
  }

  @Override
  public void close() {
    closed = true;
  }
}
