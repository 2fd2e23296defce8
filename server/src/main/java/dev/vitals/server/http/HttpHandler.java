package dev.vitals.server.http;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.vitals.server.metrics.ServerMetrics;
import io.grpc.netty.shaded.io.netty.buffer.ByteBuf;
import io.grpc.netty.shaded.io.netty.buffer.ByteBufOutputStream;
import io.grpc.netty.shaded.io.netty.buffer.Unpooled;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandlerContext;
import io.grpc.netty.shaded.io.netty.channel.SimpleChannelInboundHandler;
import io.grpc.netty.shaded.io.netty.handler.codec.DecoderResult;
import io.grpc.netty.shaded.io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.grpc.netty.shaded.io.netty.handler.codec.http.DefaultHttpResponse;
import io.grpc.netty.shaded.io.netty.handler.codec.http.FullHttpRequest;
import io.grpc.netty.shaded.io.netty.handler.codec.http.FullHttpResponse;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpHeaderNames;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpHeaderValues;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpHeaders;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpMethod;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpResponse;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpResponseStatus;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpUtil;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpVersion;
import io.grpc.netty.shaded.io.netty.handler.codec.http.QueryStringDecoder;
import io.grpc.netty.shaded.io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.grpc.netty.shaded.io.netty.handler.codec.http.TooLongHttpLineException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP connection's requests: routes each to its report, the metrics, the page's files or its
 * event stream, and answers bad requests (404, 405 with {@code Allow}, 400, 431). Read-only:
 * nothing here changes a status. No response repeats a header, a query value or a service name the
 * client sent. Runs on the HTTP event loop; never blocks.
 */
final class HttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final Logger log = LoggerFactory.getLogger(HttpHandler.class);

  private static final String GET_HEAD = "GET, HEAD";
  private static final String TEXT = "text/plain; charset=utf-8";

  /** What every connection shares: the endpoint's state. */
  interface Context {
    HealthReports reports();

    StaticResources resources();

    @Nullable ServerMetrics metrics();

    EventStreams streams();

    /** Whether the endpoint is stopping: responses then close their connection. */
    boolean stopping();
  }

  private final Context context;
  private final RequestDeadline deadline;

  HttpHandler(Context context, RequestDeadline deadline) {
    super(true);
    this.context = context;
    this.deadline = deadline;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    deadline.requestReceived();
    DecoderResult decoded = request.decoderResult();
    if (!decoded.isSuccess()) {
      Throwable cause = decoded.cause();
      if (cause instanceof TooLongHttpHeaderException) {
        respond(
            ctx,
            request,
            false,
            plain(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "request headers too large"));
      } else if (cause instanceof TooLongHttpLineException) {
        respond(
            ctx, request, false, plain(HttpResponseStatus.BAD_REQUEST, "request line too long"));
      } else {
        respond(ctx, request, false, plain(HttpResponseStatus.BAD_REQUEST, "malformed request"));
      }
      return;
    }
    boolean keepAlive = HttpUtil.isKeepAlive(request) && !context.stopping();
    try {
      route(ctx, request, keepAlive);
    } catch (RuntimeException | IOException e) {
      // The path is the client's: not logged.
      log.warn("HTTP request failed", e);
      respond(
          ctx, request, false, plain(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error"));
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
    if (deadline.state() == RequestDeadline.State.STREAMING) {
      context.streams().writable(ctx.channel());
    }
    super.channelWritabilityChanged(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // A reset connection and the like: nothing to answer, nothing worth a stack trace.
    log.debug("HTTP connection failed", cause);
    Outbound.close(ctx);
  }

  private void route(ChannelHandlerContext ctx, FullHttpRequest request, boolean keepAlive)
      throws IOException {
    String path = path(request);
    HttpMethod method = request.method();
    boolean head = method.equals(HttpMethod.HEAD);
    boolean readOnly = head || method.equals(HttpMethod.GET);
    if (path.equals("/events")) {
      if (!method.equals(HttpMethod.GET)) {
        respond(ctx, request, keepAlive, notAllowed("GET"));
      } else {
        stream(ctx);
      }
      return;
    }
    FullHttpResponse response = known(path, request);
    if (response == null) {
      response = plain(HttpResponseStatus.NOT_FOUND, "not found");
    } else if (!readOnly) {
      response.release();
      response = notAllowed(GET_HEAD);
    }
    respond(ctx, request, keepAlive, response);
  }

  /** The response for a path this endpoint serves, or null (404). */
  private @Nullable FullHttpResponse known(String path, FullHttpRequest request)
      throws IOException {
    QueryStringDecoder query = new QueryStringDecoder(request.uri());
    switch (path) {
      case "/livez" -> {
        return probe(HealthReports.Probe.LIVEZ, query);
      }
      case "/readyz" -> {
        return probe(HealthReports.Probe.READYZ, query);
      }
      case "/health" -> {
        return report(context.reports().health());
      }
      case "/metrics" -> {
        return metrics(request.headers());
      }
      default -> {}
    }
    if (path.startsWith("/health/")) {
      String service = QueryStringDecoder.decodeComponent(path.substring("/health/".length()));
      HealthReports.Report report = context.reports().service(service);
      // The name is the client's: a 404 does not repeat it.
      return report != null
          ? report(report)
          : plain(HttpResponseStatus.NOT_FOUND, "no such service");
    }
    StaticResources.Resource resource = context.resources().get(path);
    if (resource != null) {
      FullHttpResponse response =
          full(HttpResponseStatus.OK, resource.contentType(), resource.body());
      HttpHeaders headers = response.headers();
      // Own files only: no CDN, no inline script, no framing.
      headers.set(
          "Content-Security-Policy",
          "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
              + "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
      headers.set("Referrer-Policy", "no-referrer");
      return response;
    }
    return null;
  }

  private FullHttpResponse probe(HealthReports.Probe probe, QueryStringDecoder query) {
    Map<String, List<String>> parameters = query.parameters();
    return report(
        context
            .reports()
            .probe(
                probe,
                parameters.containsKey("verbose"),
                parameters.getOrDefault("exclude", List.of())));
  }

  private @Nullable FullHttpResponse metrics(HttpHeaders headers) throws IOException {
    ServerMetrics metrics = context.metrics();
    if (metrics == null) {
      return null;
    }
    String accept = headers.get(HttpHeaderNames.ACCEPT);
    ByteBuf body = Unpooled.buffer(16 * 1024);
    try (ByteBufOutputStream out = new ByteBufOutputStream(body)) {
      metrics.write(accept, out);
    } catch (IOException | RuntimeException e) {
      body.release();
      throw e;
    }
    FullHttpResponse response =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, body);
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, metrics.contentType(accept));
    return response;
  }

  private void stream(ChannelHandlerContext ctx) {
    deadline.streaming();
    HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    head.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8")
        .set(HttpHeaderNames.CACHE_CONTROL, "no-store")
        .set("X-Content-Type-Options", "nosniff");
    HttpUtil.setTransferEncodingChunked(head, true);
    Outbound.send(ctx, head);
    context.streams().add(ctx.channel());
  }

  private void respond(
      ChannelHandlerContext ctx,
      FullHttpRequest request,
      boolean keepAlive,
      FullHttpResponse response) {
    HttpHeaders headers = response.headers();
    headers.setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
    headers.set(HttpHeaderNames.CACHE_CONTROL, "no-store");
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set(
        HttpHeaderNames.CONNECTION,
        keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
    if (request.method().equals(HttpMethod.HEAD)) {
      // The headers (and length) of what GET would send, and no body.
      response = response.replace(Unpooled.EMPTY_BUFFER);
    }
    if (keepAlive) {
      Outbound.send(ctx, response);
      deadline.responded();
    } else {
      Outbound.sendAndClose(ctx, response);
    }
  }

  private static String path(FullHttpRequest request) {
    return new QueryStringDecoder(request.uri()).rawPath();
  }

  private static FullHttpResponse report(HealthReports.Report report) {
    return full(HttpResponseStatus.valueOf(report.code()), report.contentType(), report.body());
  }

  private static FullHttpResponse notAllowed(String allow) {
    FullHttpResponse response = plain(HttpResponseStatus.METHOD_NOT_ALLOWED, "method not allowed");
    response.headers().set(HttpHeaderNames.ALLOW, allow);
    return response;
  }

  private static FullHttpResponse plain(HttpResponseStatus status, String text) {
    return full(status, TEXT, (text + "\n").getBytes(UTF_8));
  }

  private static FullHttpResponse full(HttpResponseStatus status, String type, byte[] body) {
    FullHttpResponse response =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
    return response;
  }
}
