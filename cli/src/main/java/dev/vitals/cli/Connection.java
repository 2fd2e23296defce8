package dev.vitals.cli;

import dev.vitals.client.HealthClient;
import dev.vitals.client.HealthRpcException;
import dev.vitals.common.Durations;
import io.grpc.Channel;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** An open channel for one command; {@link #awaitReady()} turns "cannot connect" into exit 2. */
final class Connection implements AutoCloseable {
  private final ManagedChannel managed;
  private final Channel channel;
  private final String target;
  private final Duration connectTimeout;

  Connection(ManagedChannel managed, Channel channel, String target, Duration connectTimeout) {
    this.managed = managed;
    this.channel = channel;
    this.target = target;
    this.connectTimeout = connectTimeout;
  }

  /** The channel with the command's headers and authority applied. */
  Channel channel() {
    return channel;
  }

  /**
   * Connects, so that a connection failure (refused, unresolvable, TLS handshake, connect timeout)
   * exits 2 and never passes for an RPC failure. Like grpc_health_probe's blocking dial.
   */
  Connection awaitReady() {
    long deadline = System.nanoTime() + connectTimeout.toNanos();
    ConnectivityState state = managed.getState(true);
    while (state != ConnectivityState.READY) {
      if (state == ConnectivityState.TRANSIENT_FAILURE) {
        failWithTransportStatus();
        return this;
      }
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        throw new CliFailure(
            ExitCodes.CONNECTION_FAILURE,
            "connection failure: "
                + Status.Code.DEADLINE_EXCEEDED
                + ": no connection to "
                + target
                + " within "
                + Durations.format(connectTimeout)
                + " (channel "
                + state
                + ")");
      }
      CountDownLatch changed = new CountDownLatch(1);
      managed.notifyWhenStateChanged(state, changed::countDown);
      try {
        changed.await(remaining, TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CliFailure(ExitCodes.CONNECTION_FAILURE, "connection failure: interrupted");
      }
      state = managed.getState(true);
    }
    return this;
  }

  /**
   * The channel state carries no reason, so a fail-fast call fetches the transport's status (for
   * example "UNAVAILABLE: io exception (Connection refused ...)"). If the call gets an answer after
   * all, the channel has connected meanwhile and the command goes on.
   */
  private void failWithTransportStatus() {
    try {
      HealthClient.create(managed).withDeadline(connectTimeout).check("");
    } catch (HealthRpcException e) {
      if (e.code() == Status.Code.UNAVAILABLE || e.code() == Status.Code.DEADLINE_EXCEEDED) {
        throw new CliFailure(
            ExitCodes.CONNECTION_FAILURE,
            "connection failure: cannot connect to " + target + ": " + e.getMessage());
      }
    }
  }

  @Override
  public void close() {
    managed.shutdownNow();
    try {
      managed.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
