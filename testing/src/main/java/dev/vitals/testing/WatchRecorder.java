package dev.vitals.testing;

import dev.vitals.api.health.v1.HealthCheckResponse;
import dev.vitals.api.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Records a Watch stream: every status in order, then how it ended. */
public final class WatchRecorder implements StreamObserver<HealthCheckResponse> {
  private static final long TIMEOUT_SECONDS =
      20; // a bound for a failing test, not a timing: generous for a loaded 2-core machine
  private final BlockingQueue<ServingStatus> statuses = new LinkedBlockingQueue<>();
  private final BlockingQueue<Status> end = new LinkedBlockingQueue<>();

  @Override
  public void onNext(HealthCheckResponse value) {
    statuses.add(value.getStatus());
  }

  @Override
  public void onError(Throwable t) {
    end.add(Status.fromThrowable(t));
  }

  @Override
  public void onCompleted() {
    end.add(Status.OK);
  }

  /** The next status received, failing the test if none arrives within 20 s. */
  public ServingStatus next() throws InterruptedException {
    ServingStatus status = statuses.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    if (status == null) {
      throw new AssertionError("no Watch message within " + TIMEOUT_SECONDS + " s");
    }
    return status;
  }

  /** How the stream ended, failing the test if it does not end within 5 s. */
  public Status awaitEnd() throws InterruptedException {
    Status status = end.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    if (status == null) {
      throw new AssertionError("Watch stream did not end within " + TIMEOUT_SECONDS + " s");
    }
    return status;
  }

  /** Statuses received and not yet taken. */
  public java.util.List<ServingStatus> drainReceived() {
    java.util.List<ServingStatus> out = new java.util.ArrayList<>();
    statuses.drainTo(out);
    return out;
  }
}
