package dev.vitals.server.grpc;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.vitals.api.health.v1.HealthCheckResponse;
import dev.vitals.common.HealthStatus;
import dev.vitals.server.status.StatusListener;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import org.jspecify.annotations.Nullable;

/**
 * One Watch stream. It keeps only the latest status not yet sent: a reader that stops reading makes
 * the transport not ready, and the statuses it misses collapse into the one it gets when it reads
 * again. So memory per watcher is bounded whatever the reader does, and the last status a watcher
 * receives is always the current one.
 */
final class WatchStream implements StatusListener {
  private final ServerCallStreamObserver<HealthCheckResponse> call;

  /** The response to send when the transport is ready; null if none. */
  @GuardedBy("this")
  private @Nullable HealthCheckResponse pending;

  /** The last response sent, to never send the same status twice in a row. */
  @GuardedBy("this")
  private @Nullable HealthCheckResponse lastSent;

  @GuardedBy("this")
  private boolean done;

  WatchStream(ServerCallStreamObserver<HealthCheckResponse> call) {
    this.call = call;
  }

  @Override
  public synchronized void onStatus(HealthStatus status) {
    pending = HealthResponses.v1(status);
    flush();
  }

  synchronized void flush() {
    if (done || pending == null || !call.isReady()) {
      return;
    }
    HealthCheckResponse next = pending;
    pending = null;
    if (lastSent == null || next.getStatus() != lastSent.getStatus()) {
      lastSent = next;
      call.onNext(next);
    }
  }

  @Override
  public void onClosed() {
    end(CallStatuses.SHUTTING_DOWN);
  }

  @Override
  public void onRefused(int limit) {
    end(CallStatuses.tooManyWatchers(limit));
  }

  private synchronized void end(Status status) {
    if (done) {
      return;
    }
    done = true;
    pending = null;
    call.onError(status.asRuntimeException());
  }

  synchronized void cancelled() {
    done = true;
    pending = null;
  }
}
