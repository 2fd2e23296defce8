package dev.vitals.server.transport;

import io.grpc.netty.shaded.io.grpc.netty.GrpcHttp2ConnectionHandler;
import io.grpc.netty.shaded.io.netty.buffer.ByteBuf;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandlerContext;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2Connection;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2ConnectionAdapter;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2Exception;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2FrameListenerDecorator;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2Settings;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2Stream;
import org.jspecify.annotations.Nullable;

/**
 * Closes a connection once the server has sent its final GOAWAY and no stream is open on it any
 * more: then nothing can happen on it, and a client that does not read must not hold it.
 *
 * <p>grpc-java ends a connection whose keepalive ping went unanswered by sending GOAWAY and closing
 * its streams directly, which bypasses the check that would close the socket once the last stream
 * is gone; the socket then stayed open until {@code --max-connection-idle}. This hook closes it
 * right after (what was written is flushed first, if the client takes it). A first, graceful GOAWAY
 * (last stream id 2^31-1, sent at shutdown or the maximum connection age) is not final: calls the
 * client started before it arrived may still come.
 */
final class GoAwayClose extends Http2FrameListenerDecorator {
  private final Http2Connection connection;

  /** The HTTP/2 handler's context, known from the client's first SETTINGS on. */
  private @Nullable ChannelHandlerContext ctx;

  private boolean finalGoAwaySent;
  private boolean closing;

  private GoAwayClose(GrpcHttp2ConnectionHandler handler) {
    super(handler.decoder().frameListener());
    this.connection = handler.connection();
  }

  /**
   * Installs the hook on {@code handler}: called for each new connection, on its event loop, before
   * any frame is read.
   */
  static void install(GrpcHttp2ConnectionHandler handler) {
    GoAwayClose hook = new GoAwayClose(handler);
    handler.decoder().frameListener(hook);
    hook.connection.addListener(
        new Http2ConnectionAdapter() {
          @Override
          public void onGoAwaySent(int lastStreamId, long errorCode, ByteBuf debugData) {
            if (lastStreamId != Integer.MAX_VALUE) {
              hook.finalGoAwaySent = true;
              hook.closeIfIdle();
            }
          }

          @Override
          public void onStreamClosed(Http2Stream stream) {
            hook.closeIfIdle();
          }
        });
  }

  @Override
  public void onSettingsRead(ChannelHandlerContext ctx, Http2Settings settings)
      throws Http2Exception {
    this.ctx = ctx;
    super.onSettingsRead(ctx, settings);
  }

  private void closeIfIdle() {
    ChannelHandlerContext context = ctx;
    if (!finalGoAwaySent || closing || context == null || connection.numActiveStreams() > 0) {
      return;
    }
    closing = true;
    // After the work in progress (grpc-java resets the remaining streams one by one): then the
    // GOAWAY and resets go out if the socket takes them, and the socket is closed either way. The
    // context's close skips grpc-java's handler, which would start a graceful shutdown instead.
    context
        .executor()
        .execute(
            () -> {
              context.flush();
              // Closed either way; nothing waits on the outcome.
              var unused = context.close();
            });
  }
}
