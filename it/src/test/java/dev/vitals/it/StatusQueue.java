package dev.vitals.it;

import dev.vitals.client.HealthRpcException;
import dev.vitals.client.ServingStatus;
import dev.vitals.client.WatchListener;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link WatchListener} that queues what a Watch stream delivers, so a test can block on the next
 * event with a timeout instead of sleeping.
 */
final class StatusQueue implements WatchListener {
  /** One event of a Watch stream: a status, an error, or the end. */
  record Event(ServingStatus status, HealthRpcException error, boolean completed) {
    boolean ended() {
      return error != null || completed;
    }

    @Override
    public String toString() {
      return status != null
          ? status.toString()
          : error != null ? "error " + error.code() + ": " + error.description() : "completed";
    }
  }

  private static final long TIMEOUT_SECONDS = 30;
  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

  @Override
  public void onStatus(ServingStatus status) {
    events.add(new Event(status, null, false));
  }

  @Override
  public void onError(HealthRpcException error) {
    events.add(new Event(null, error, false));
  }

  @Override
  public void onCompleted() {
    events.add(new Event(null, null, true));
  }

  /** The next event; fails the test if none comes within 30 s. */
  Event next() throws InterruptedException {
    Event event = events.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    if (event == null) {
      throw new AssertionError("no Watch event within " + TIMEOUT_SECONDS + " s");
    }
    return event;
  }

  /** The next event, which must be a status. */
  ServingStatus nextStatus() throws InterruptedException {
    Event event = next();
    if (event.status() == null) {
      throw new AssertionError("expected a status, the stream delivered " + event);
    }
    return event.status();
  }
}
