package dev.vitals.server.transport;

import dev.vitals.server.logging.ClientFaultLog;
import io.grpc.netty.shaded.io.grpc.netty.GrpcHttp2ConnectionHandler;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandlerContext;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2Connection;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2ConnectionAdapter;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2Error;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2Exception;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2FrameListenerDecorator;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2Headers;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2Stream;
import java.util.Map;

/**
 * Decides, in front of grpc-java, whether a new stream becomes a call: within {@code
 * --max-streams-per-connection}, and with request headers within {@link #MAX_HEADER_BYTES}. A
 * stream that is not admitted is answered and reset here; the connection and its other calls go on.
 *
 * <p><b>The stream limit.</b> Netty refuses a stream over {@code SETTINGS_MAX_CONCURRENT_STREAMS}
 * before creating it, and so forgets its id: the request body that follows (a client that ignores
 * the limit sends HEADERS and DATA together) is then a frame on a stream that "does not exist", a
 * connection error that ends every call on the connection. Here Netty's own limit is lifted, so it
 * creates the stream, and the streams over the limit are reset with {@code REFUSED_STREAM}. Netty
 * then treats them as reset streams: frames on them are ignored, as RFC 9113 §5.1 and §6.4 require,
 * and the bytes of their DATA are counted against the connection's flow-control window and given
 * back. The limit is still advertised in SETTINGS by grpc-java, so gRPC clients queue their calls.
 *
 * <p><b>The header limit.</b> Request headers over {@link #MAX_HEADER_BYTES} (counted as HTTP/2
 * counts {@code SETTINGS_MAX_HEADER_LIST_SIZE}: name + value + 32 bytes per header) are answered
 * with HTTP 431 and {@code RESOURCE_EXHAUSTED}, then, unless the client has ended its side, the
 * stream is reset with {@code NO_ERROR} (RFC 9113 §8.1: the response is complete, the rest of the
 * request is not wanted). grpc-java's own soft limit would fail such a stream only with a
 * probability that grows with the size; its hard limit ({@link #HARD_HEADER_BYTES}, 431 from Netty)
 * and Netty's bound on one HPACK-encoded header block (1.25 times that, a connection error against
 * CONTINUATION floods) stay above.
 */
final class StreamAdmission extends Http2FrameListenerDecorator {
  /** Request headers larger than this get 431 on their stream. */
  static final int MAX_HEADER_BYTES = 8 * 1024;

  /**
   * The size of decoded headers at which HPACK decoding stops (Netty answers 431 on the stream); an
   * encoded header block over 1.25 times this ends the connection.
   */
  static final int HARD_HEADER_BYTES = 32 * 1024;

  /** Per-header overhead in a header list's size (RFC 9113 §6.5.2). */
  private static final int HEADER_OVERHEAD = 32;

  private final GrpcHttp2ConnectionHandler handler;
  private final Http2Connection connection;
  private final Http2Connection.PropertyKey admitted;
  private final int maxStreams;

  /** Streams let through to grpc-java and not yet closed; only the event loop touches it. */
  private int open;

  private StreamAdmission(GrpcHttp2ConnectionHandler handler, int maxStreams) {
    super(handler.decoder().frameListener());
    this.handler = handler;
    this.connection = handler.connection();
    this.admitted = connection.newKey();
    this.maxStreams = maxStreams;
  }

  /**
   * Puts the admission in front of {@code handler}'s frame listener. Called for each new
   * connection, on its event loop, before any frame is read.
   */
  static void install(GrpcHttp2ConnectionHandler handler, int maxStreams) {
    StreamAdmission admission = new StreamAdmission(handler, maxStreams);
    handler.decoder().frameListener(admission);
    admission.connection.addListener(
        new Http2ConnectionAdapter() {
          @Override
          public void onStreamClosed(Http2Stream stream) {
            if (stream.getProperty(admission.admitted) != null) {
              admission.open--;
            }
          }
        });
    admission.liftNettyLimit();
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
    if (admit(ctx, streamId, headers, endOfStream)) {
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
    if (admit(ctx, streamId, headers, endOfStream)) {
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
   * a new one within the limits; a new one over them is answered and reset here.
   */
  private boolean admit(
      ChannelHandlerContext ctx, int streamId, Http2Headers headers, boolean endOfStream) {
    Http2Stream stream = connection.stream(streamId);
    if (stream == null || stream.getProperty(admitted) != null) {
      // Not a stream Netty let through (it answered already), or one grpc-java knows.
      return true;
    }
    if (open >= maxStreams) {
      refuse(ctx, streamId);
      return false;
    }
    long size = headerListSize(headers);
    if (size > MAX_HEADER_BYTES) {
      tooLarge(ctx, streamId, size, endOfStream);
      return false;
    }
    stream.setProperty(admitted, Boolean.TRUE);
    open++;
    return true;
  }

  private void refuse(ChannelHandlerContext ctx, int streamId) {
    ClientFaultLog.shared()
        .record(
            "HTTP/2 stream error " + Http2Error.REFUSED_STREAM,
            "stream "
                + streamId
                + " from "
                + ctx.channel().remoteAddress()
                + ": more than "
                + maxStreams
                + " concurrent streams on one connection");
    // A reset that cannot be written means the connection is going: nothing is left to do then.
    var unused =
        handler.resetStream(ctx, streamId, Http2Error.REFUSED_STREAM.code(), ctx.newPromise());
    // Written now, so the stream is closed now: a burst of refused streams holds no memory.
    ctx.flush();
  }

  private void tooLarge(
      ChannelHandlerContext ctx, int streamId, long size, boolean requestComplete) {
    String message =
        "request headers of " + size + " bytes exceed the limit of " + MAX_HEADER_BYTES + " bytes";
    ClientFaultLog.shared()
        .record(
            "request headers too large",
            "stream " + streamId + " from " + ctx.channel().remoteAddress() + ": " + message);
    Http2Headers response =
        new DefaultHttp2Headers()
            .status("431")
            .set("content-type", "application/grpc")
            .set("grpc-status", "8") // RESOURCE_EXHAUSTED
            .set("grpc-message", message);
    // As for a refused stream: a write that fails is a connection already going.
    var unused = handler.encoder().writeHeaders(ctx, streamId, response, 0, true, ctx.newPromise());
    if (!requestComplete) {
      // The rest of the request is not wanted; a stream the client has ended needs no reset.
      unused = handler.resetStream(ctx, streamId, Http2Error.NO_ERROR.code(), ctx.newPromise());
    }
    ctx.flush();
  }

  private static long headerListSize(Http2Headers headers) {
    long size = 0;
    for (Map.Entry<CharSequence, CharSequence> header : headers) {
      size += header.getKey().length() + header.getValue().length() + HEADER_OVERHEAD;
    }
    return size;
  }
}
