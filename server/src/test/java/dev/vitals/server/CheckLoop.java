package dev.vitals.server;

import dev.vitals.api.health.v1.HealthCheckRequest;
import dev.vitals.api.health.v1.HealthCheckResponse;
import dev.vitals.api.health.v1.HealthCheckResponse.ServingStatus;
import dev.vitals.api.health.v1.HealthGrpc;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/** One connection's Checks for a load test: one at a time, each started before the stop time. */
final class CheckLoop implements StreamObserver<HealthCheckResponse> {
  /** What every loop of a test adds up. */
  static final class Tally {
    final AtomicLong ok = new AtomicLong();
    final AtomicLongArray byStatus = new AtomicLongArray(ServingStatus.values().length);
    final ConcurrentLinkedQueue<Status> failures = new ConcurrentLinkedQueue<>();

    long count(ServingStatus status) {
      return byStatus.get(status.ordinal());
    }
  }

  private final HealthGrpc.HealthStub stub;
  private final HealthCheckRequest request;
  private final AtomicLong stopAtNanos;
  private final Tally tally;
  private final CountDownLatch done;

  /** Starts Checking at once; counts {@code done} down when the stop time has come. */
  static void start(
      HealthGrpc.HealthStub stub,
      HealthCheckRequest request,
      AtomicLong stopAtNanos,
      Tally tally,
      CountDownLatch done) {
    new CheckLoop(stub, request, stopAtNanos, tally, done).next();
  }

  private CheckLoop(
      HealthGrpc.HealthStub stub,
      HealthCheckRequest request,
      AtomicLong stopAtNanos,
      Tally tally,
      CountDownLatch done) {
    this.stub = stub;
    this.request = request;
    this.stopAtNanos = stopAtNanos;
    this.tally = tally;
    this.done = done;
  }

  private void next() {
    if (System.nanoTime() - stopAtNanos.get() >= 0) {
      done.countDown();
      return;
    }
    stub.withDeadlineAfter(10, TimeUnit.SECONDS).check(request, this);
  }

  @Override
  public void onNext(HealthCheckResponse response) {
    tally.byStatus.incrementAndGet(response.getStatus().ordinal());
  }

  @Override
  public void onError(Throwable t) {
    tally.failures.add(Status.fromThrowable(t));
    next();
  }

  @Override
  public void onCompleted() {
    tally.ok.incrementAndGet();
    next();
  }
}
