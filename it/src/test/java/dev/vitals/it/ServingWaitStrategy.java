package dev.vitals.it;

import dev.vitals.client.HealthClient;
import dev.vitals.client.ServingStatus;
import io.grpc.ManagedChannel;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;

/**
 * Ready when the server says so: calls {@code grpc.health.v1.Health/Check} for the whole server
 * ({@code ""}) through the published port until it answers SERVING. A listening socket alone is not
 * enough: the server binds before its registry is SERVING, and a drain keeps the port open.
 */
final class ServingWaitStrategy extends AbstractWaitStrategy {
  private final int port;

  ServingWaitStrategy(int port) {
    this.port = port;
  }

  @Override
  protected void waitUntilReady() {
    String target = waitStrategyTarget.getHost() + ":" + waitStrategyTarget.getMappedPort(port);
    try {
      awaitServing(target, startupTimeout);
    } catch (ConditionTimeoutException e) {
      throw new ContainerLaunchException(
          "vitals-server at " + target + " did not answer SERVING within " + startupTimeout, e);
    }
  }

  /** Polls Check("") on {@code target} until SERVING; ConditionTimeoutException after timeout. */
  static void awaitServing(String target, Duration timeout) {
    ManagedChannel channel = VitalsServerContainer.channelTo(target);
    try {
      HealthClient health = HealthClient.create(channel).withDeadline(Duration.ofSeconds(2));
      Awaitility.await("Health/Check(\"\") SERVING at " + target)
          .atMost(timeout)
          .pollInterval(Duration.ofMillis(200))
          .ignoreExceptions()
          .until(() -> health.check("") == ServingStatus.SERVING);
    } finally {
      channel.shutdownNow();
    }
  }
}
