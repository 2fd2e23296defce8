package dev.vitals.cli;

import static java.util.Objects.requireNonNull;

import dev.vitals.client.HealthClient;
import dev.vitals.client.HealthRpcException;
import dev.vitals.client.HealthWatch;
import dev.vitals.client.ServingStatus;
import dev.vitals.client.WatchListener;
import dev.vitals.common.Durations;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/** Follows a Watch stream on the command's thread, for {@code watch} and {@code probe -watch}. */
final class StatusWatcher {
  private static final Object COMPLETED = new Object();

  private StatusWatcher() {}

  /**
   * Hands every status to {@code onStatus} until {@code until} is seen (returns normally), the
   * timeout passes, or the stream ends (exit 3).
   *
   * @param until the status to wait for, or null to watch until the timeout
   * @param timeout how long to watch, or null for as long as the stream lasts
   * @return true if {@code until} was seen, false if the timeout passed with no {@code until}
   */
  static boolean watch(
      HealthClient client,
      String service,
      @Nullable ServingStatus until,
      @Nullable Duration timeout,
      Consumer<ServingStatus> onStatus)
      throws InterruptedException {
    BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
    ServingStatus last = null;
    try (HealthWatch watch =
        client.watch(
            service,
            new WatchListener() {
              @Override
              public void onStatus(ServingStatus status) {
                events.add(status);
              }

              @Override
              public void onError(HealthRpcException error) {
                events.add(error);
              }

              @Override
              public void onCompleted() {
                events.add(COMPLETED);
              }
            })) {
      while (true) {
        Object event =
            timeout == null
                ? events.take()
                : events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        if (event == null) {
          // Only poll returns null, so there is a timeout and it has passed.
          if (until == null) {
            return false;
          }
          throw new CliFailure(
              ExitCodes.RPC_FAILURE,
              "rpc failure: DEADLINE_EXCEEDED: service "
                  + Printer.quote(service)
                  + " did not become "
                  + until
                  + " within "
                  + Durations.format(requireNonNull(timeout, "timeout"))
                  + " (last status "
                  + last
                  + ")");
        }
        if (event instanceof HealthRpcException healthRpcException) {
          throw CliFailure.rpc(healthRpcException);
        }
        if (event == COMPLETED) {
          throw new CliFailure(
              ExitCodes.RPC_FAILURE, "rpc failure: OK: the server ended the Watch stream");
        }
        last = (ServingStatus) event;
        onStatus.accept(last);
        if (last == until) {
          return true;
        }
      }
    }
  }
}
