package dev.vitals.server;

import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Finds the event loop a handler is running on. The handlers run on the transport's threads
 * (direct executor), so a Watch handler's thread is the event loop of its connection; sending that
 * stream's updates from the same loop lets a status change reach thousands of watchers from every
 * loop in parallel, with each loop's own buffer caches, while the caller of {@code set} only hands
 * them over.
 */
final class CurrentEventLoop implements Supplier<Executor> {
  /** Runs in the calling thread: the in-process transport, or a thread that is not a loop. */
  static final Executor DIRECT = Runnable::run;

  private final EventLoopGroup group;

  /** Finds loops of {@code group}; a null group (in-process) always gives {@link #DIRECT}. */
  CurrentEventLoop(EventLoopGroup group) {
    this.group = group;
  }

  /** The loop of {@code group} running the calling thread, or {@link #DIRECT} if none. */
  @Override
  public Executor get() {
    if (group != null) {
      for (EventExecutor loop : group) {
        if (loop.inEventLoop()) {
          return loop;
        }
      }
    }
    return DIRECT;
  }
}
