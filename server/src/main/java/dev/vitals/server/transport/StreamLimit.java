package dev.vitals.server.transport;

import dev.vitals.server.logging.ClientFaultLog;
import io.grpc.ServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.GrpcHttp2ConnectionHandler;
import io.grpc.netty.shaded.io.grpc.netty.InternalNettyServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.InternalProtocolNegotiator;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandler;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandlerContext;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2Connection;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2ConnectionAdapter;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2ConnectionDecoder;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2Error;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2Exception;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2FrameListenerDecorator;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2Headers;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2Stream;
import io.grpc.netty.shaded.io.netty.util.AsciiString;

/**
 * {@code --max-streams-per-connection}, enforced here instead of by Netty, so that a refused stream
 * is a stream that existed and was reset: frames the client still sends on it are ignored, as RFC
 * 9113 §5.1 and §6.4 require, and the other streams of the connection live on.
 *
 * <p>Netty refuses a stream over {@code SETTINGS_MAX_CONCURRENT_STREAMS} before creating it, and so
 * forgets its id: the request body that follows (a client that ignores the limit sends HEADERS and
 * DATA together) is then a frame on a stream that "does not exist", a connection error that ends
 * every call on the connection. Here Netty's own limit is lifted, so it creates the stream; this
 * listener, in front of grpc-java's, resets the streams over the limit with {@code REFUSED_STREAM}
 * before grpc-java sees them. Netty then treats them as reset streams: DATA on them is dropped and
 * its bytes are counted against the connection's flow-control window and given back. The limit is
 * still advertised in SETTINGS by grpc-java, so gRPC clients queue their calls instead.
 */
final class StreamLimit extends Http2FrameListenerDecorator {
  private final GrpcHttp2ConnectionHandler handler;
  private final Http2Connection connection;
  private final Http2Connection.PropertyKey admitted;
  private final int limit;

  /** Streams let through to grpc-java and not yet closed; only the event loop touches it. */
  private int open;

  private StreamLimit(GrpcHttp2ConnectionHandler handler, int limit) {
    super(handler.decoder().frameListener());
    this.handler = handler;
    this.connection = handler.connection();
    this.admitted = connection.newKey();
    this.limit = limit;
  }

  /**
   * {@code credentials} (TLS or plaintext) with the limit installed on every connection they
   * negotiate. grpc-java has no public hook into a server connection's HTTP/2 handler; its
   * credentials' protocol negotiator, which is handed that handler, is the supported internal one
   * (grpc-java's xDS and ALTS credentials wrap negotiators the same way).
   */
  static ServerCredentials credentials(ServerCredentials credentials, int limit) {
    InternalProtocolNegotiator.ServerFactory negotiators =
        InternalNettyServerCredentials.toNegotiator(credentials);
    return InternalNettyServerCredentials.create(
        executors -> new Negotiator(negotiators.newNegotiator(executors), limit));
  }

  /** A protocol negotiator that installs the limit on each connection's handler. */
  private static final class Negotiator implements InternalProtocolNegotiator.ProtocolNegotiator {
    private final InternalProtocolNegotiator.ProtocolNegotiator delegate;
    private final int limit;

    Negotiator(InternalProtocolNegotiator.ProtocolNegotiator delegate, int limit) {
      this.delegate = delegate;
      this.limit = limit;
    }

    @Override
    public AsciiString scheme() {
      return delegate.scheme();
    }

    @Override
    public ChannelHandler newHandler(GrpcHttp2ConnectionHandler grpcHandler) {
      install(grpcHandler, limit);
      return delegate.newHandler(grpcHandler);
    }

    @Override
    public void close() {
      delegate.close();
    }
  }

  /**
   * Puts the limit in front of {@code handler}'s frame listener. Called for each new connection, on
   * its event loop, before any frame is read.
   */
  static void install(GrpcHttp2ConnectionHandler handler, int limit) {
    StreamLimit streamLimit = new StreamLimit(handler, limit);
    Http2ConnectionDecoder decoder = handler.decoder();
    decoder.frameListener(streamLimit);
    streamLimit.connection.addListener(
        new Http2ConnectionAdapter() {
          @Override
          public void onStreamClosed(Http2Stream stream) {
            if (stream.getProperty(streamLimit.admitted) != null) {
              streamLimit.open--;
            }
          }
        });
    streamLimit.liftNettyLimit();
  }

  private void liftNettyLimit() {
    connection.remote().maxActiveStreams(Integer.MAX_VALUE);
  }

  @Override
  public void onHeadersRead(
      ChannelHandlerContext ctx,
      int streamId,
      Http2Headers headers,
      int padding,
      boolean endOfStream)
      throws Http2Exception {
    if (admit(ctx, streamId)) {
      super.onHeadersRead(ctx, streamId, headers, padding, endOfStream);
    }
  }

  @Override
  public void onHeadersRead(
      ChannelHandlerContext ctx,
      int streamId,
      Http2Headers headers,
      int streamDependency,
      short weight,
      boolean exclusive,
      int padding,
      boolean endOfStream)
      throws Http2Exception {
    if (admit(ctx, streamId)) {
      super.onHeadersRead(
          ctx, streamId, headers, streamDependency, weight, exclusive, padding, endOfStream);
    }
  }

  @Override
  public void onSettingsAckRead(ChannelHandlerContext ctx) throws Http2Exception {
    // Netty has just applied the acknowledged SETTINGS, our advertised limit among them.
    liftNettyLimit();
    super.onSettingsAckRead(ctx);
  }

  /**
   * Whether grpc-java gets this HEADERS frame: yes for a stream already admitted (trailers) and for
   * a new one within the limit; a new one over it is reset with {@code REFUSED_STREAM}.
   */
  private boolean admit(ChannelHandlerContext ctx, int streamId) {
    Http2Stream stream = connection.stream(streamId);
    if (stream == null || stream.getProperty(admitted) != null) {
      // Not a stream Netty let through (it answered already), or one grpc-java knows.
      return true;
    }
    if (open < limit) {
      stream.setProperty(admitted, Boolean.TRUE);
      open++;
      return true;
    }
    ClientFaultLog.shared()
        .record(
            "HTTP/2 stream error " + Http2Error.REFUSED_STREAM,
            "stream "
                + streamId
                + " from "
                + ctx.channel().remoteAddress()
                + ": more than "
                + limit
                + " concurrent streams on one connection");
    handler.resetStream(ctx, streamId, Http2Error.REFUSED_STREAM.code(), ctx.newPromise());
    // Written now, so the stream is closed now: a burst of refused streams holds no memory.
    ctx.flush();
    return false;
  }
}
