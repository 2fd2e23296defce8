package dev.vitals.server.http;

import io.grpc.netty.shaded.io.netty.channel.ChannelDuplexHandler;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandlerContext;
import io.grpc.netty.shaded.io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Closes connections of slow or idle clients: a request must arrive whole within the request
 * timeout of its first byte (or of the connection's start), and a kept-alive connection may wait at
 * most the idle timeout for its next request. Unlike an idle-read timer, trickling one byte at a
 * time does not keep a connection open (slowloris). Event streams have no deadline. It sits before
 * the HTTP codec, so it sees every byte; {@link HttpHandler} tells it where a request ends.
 * Event-loop thread only.
 */
final class RequestDeadline extends ChannelDuplexHandler {
  enum State {
    /** Receiving a request (or waiting for the first one): the request timeout runs. */
    RECEIVING,
    /** A whole request arrived; its response is being made: no timer. */
    HANDLING,
    /** Between requests on a kept-alive connection: the idle timeout runs. */
    IDLE,
    /** An event stream: no timer. */
    STREAMING
  }

  private final long requestNanos;
  private final long idleNanos;
  private State state = State.RECEIVING;
  private @Nullable ScheduledFuture<?> timer;
  private @Nullable ChannelHandlerContext ctx;

  RequestDeadline(Duration requestTimeout, Duration idleTimeout) {
    this.requestNanos = requestTimeout.toNanos();
    this.idleNanos = idleTimeout.toNanos();
  }

  State state() {
    return state;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    arm(requestNanos);
    super.channelActive(ctx);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (state == State.IDLE) {
      state = State.RECEIVING;
      arm(requestNanos);
    }
    super.channelRead(ctx, msg);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    cancel();
    super.channelInactive(ctx);
  }

  /** A whole request has arrived. */
  void requestReceived() {
    state = State.HANDLING;
    cancel();
  }

  /** The response is written; a kept-alive connection now waits for its next request. */
  void responded() {
    state = State.IDLE;
    arm(idleNanos);
  }

  /** The connection is now an event stream, which stays open. */
  void streaming() {
    state = State.STREAMING;
    cancel();
  }

  private void arm(long nanos) {
    cancel();
    ChannelHandlerContext context = ctx;
    if (context != null) {
      timer =
          context.executor().schedule(() -> Outbound.close(context), nanos, TimeUnit.NANOSECONDS);
    }
  }

  private void cancel() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }
}
