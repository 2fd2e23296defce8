package dev.vitals.server.checks;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executor;

/** An {@link Executor} that holds tasks until the test runs them: a check "in flight". */
final class ManualExecutor implements Executor {
  private final Deque<Runnable> tasks = new ArrayDeque<>();

  @Override
  public synchronized void execute(Runnable task) {
    tasks.add(task);
  }

  synchronized int queued() {
    return tasks.size();
  }

  /** Runs the oldest held task (the check completes). */
  void runNext() {
    Runnable task;
    synchronized (this) {
      task = tasks.poll();
    }
    if (task == null) {
      throw new AssertionError("no task held");
    }
    task.run();
  }
}
