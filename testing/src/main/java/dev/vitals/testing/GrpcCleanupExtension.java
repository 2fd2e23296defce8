package dev.vitals.testing;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The JUnit 5 twin of grpc-java's {@code GrpcCleanupRule}: closes registered servers and channels
 * newest first, and fails the test if one does not terminate: after each test, or, made with {@link
 * #afterAllTests()} and registered as a static field, after all tests of the class.
 */
public final class GrpcCleanupExtension implements AfterEachCallback, AfterAllCallback {
  private final Deque<AutoCloseable> resources = new ArrayDeque<>();
  private final boolean afterEach;

  /** Cleans up after each test. */
  public GrpcCleanupExtension() {
    this(true);
  }

  private GrpcCleanupExtension(boolean afterEach) {
    this.afterEach = afterEach;
  }

  /** Cleans up once all tests of the class have run. */
  public static GrpcCleanupExtension afterAllTests() {
    return new GrpcCleanupExtension(false);
  }

  /** Registers a channel to shut down. */
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

  /** Registers anything else to close, such as a {@code VitalsServer}. */
  public <T extends AutoCloseable> T register(T closeable) {
    resources.push(closeable);
    return closeable;
  }

  /** Registers a plain gRPC server to shut down. */
  public Server register(Server server) {
    resources.push(
        () -> {
          server.shutdownNow();
          if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
            throw new AssertionError("server did not terminate: " + server);
          }
        });
    return server;
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    if (afterEach) {
      closeAll();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    closeAll();
  }

  private void closeAll() throws Exception {
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
