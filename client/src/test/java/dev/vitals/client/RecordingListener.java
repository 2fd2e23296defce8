package dev.vitals.client;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Records a watch: every status in order, then how it ended. */
final class RecordingListener implements WatchListener {
  private static final long TIMEOUT_SECONDS = 5;
  private final BlockingQueue<ServingStatus> statuses = new LinkedBlockingQueue<>();
  private final BlockingQueue<Object> end = new LinkedBlockingQueue<>();

  @Override
  public void onStatus(ServingStatus status) {
    statuses.add(status);
  }

  @Override
  public void onError(HealthRpcException error) {
    end.add(error);
  }

  @Override
  public void onCompleted() {
    end.add("completed");
  }

  /** The next status, failing the test if none arrives within 5 s. */
  ServingStatus next() throws InterruptedException {
    ServingStatus status = statuses.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    if (status == null) {
      throw new AssertionError("no status within " + TIMEOUT_SECONDS + " s");
    }
    return status;
  }

  /** The error that ended the stream, failing the test if it does not fail within 5 s. */
  HealthRpcException awaitError() throws InterruptedException {
    Object ended = end.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    if (!(ended instanceof HealthRpcException)) {
      throw new AssertionError("expected the stream to fail within 5 s, got " + ended);
    }
    return (HealthRpcException) ended;
  }

  /** Whether anything ended the stream so far (nothing should, after a cancel). */
  boolean ended() {
    return !end.isEmpty();
  }

  /** Whether statuses arrived that no one took. */
  boolean hasUntakenStatuses() {
    return !statuses.isEmpty();
  }
}
