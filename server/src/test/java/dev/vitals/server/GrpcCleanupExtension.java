package dev.vitals.server;

import io.grpc.ManagedChannel;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The JUnit 5 twin of grpc-java's {@code GrpcCleanupRule}: closes registered servers and channels
 * after each test, newest first, and fails the test if one does not terminate.
 */
public final class GrpcCleanupExtension implements AfterEachCallback {
  private final Deque<AutoCloseable> resources = new ArrayDeque<>();

  /** Registers a channel to shut down after the test. */
  public <T extends ManagedChannel> T register(T channel) {
    resources.push(
        () -> {
          channel.shutdownNow();
          if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
            throw new AssertionError("channel did not terminate: " + channel);
          }
        });
    return channel;
  }

  /** Registers a server to close after the test. */
  public VitalsServer register(VitalsServer server) {
    resources.push(server::close);
    return server;
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    AssertionError failure = null;
    while (!resources.isEmpty()) {
      try {
        resources.pop().close();
      } catch (AssertionError e) {
        failure = e;
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
