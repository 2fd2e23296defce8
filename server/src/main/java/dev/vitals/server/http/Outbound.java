package dev.vitals.server.http;

import io.grpc.netty.shaded.io.netty.channel.ChannelFuture;
import io.grpc.netty.shaded.io.netty.channel.ChannelFutureListener;
import io.grpc.netty.shaded.io.netty.channel.ChannelOutboundInvoker;

/**
 * The HTTP endpoint's writes and closes, which nobody waits for: what happens when one fails is
 * said here once. A failed write means the client has gone (or the connection broke), so the
 * connection is closed, and its close listeners clean up after it; a close has no failure the
 * server could act on.
 */
final class Outbound {
  private Outbound() {}

  /** Writes and flushes {@code message}; if the write fails, closes the connection. */
  static void send(ChannelOutboundInvoker connection, Object message) {
    ChannelFuture unused =
        connection.writeAndFlush(message).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
  }

  /** Writes and flushes {@code message}, then closes the connection whether the write worked. */
  static void sendAndClose(ChannelOutboundInvoker connection, Object message) {
    ChannelFuture unused =
        connection.writeAndFlush(message).addListener(ChannelFutureListener.CLOSE);
  }

  /** Closes {@code channel} (a connection, or the listening socket) without waiting. */
  static void close(ChannelOutboundInvoker channel) {
    ChannelFuture unused = channel.close();
  }
}
