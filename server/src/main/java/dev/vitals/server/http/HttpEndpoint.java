package dev.vitals.server.http;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.util.Objects.requireNonNull;

import dev.vitals.server.Endpoint;
import dev.vitals.server.checks.ChecksSnapshot;
import dev.vitals.server.checks.ResultListener;
import dev.vitals.server.metrics.ServerMetrics;
import dev.vitals.server.status.StatusRegistry;
import io.grpc.netty.shaded.io.netty.bootstrap.ServerBootstrap;
import io.grpc.netty.shaded.io.netty.buffer.Unpooled;
import io.grpc.netty.shaded.io.netty.channel.Channel;
import io.grpc.netty.shaded.io.netty.channel.ChannelFuture;
import io.grpc.netty.shaded.io.netty.channel.ChannelInitializer;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.WriteBufferWaterMark;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.SocketChannel;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpObjectAggregator;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpServerCodec;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import io.grpc.netty.shaded.io.netty.util.concurrent.Future;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP port (plain HTTP/1.1, read-only): {@code /livez} and {@code /readyz} (Kubernetes
 * apiserver style), {@code /health} and {@code /health/{service}} ({@code
 * application/health+json}), {@code /metrics} (Prometheus), and the status page {@code /} with its
 * event stream {@code /events}.
 *
 * <p>It runs on the Netty that grpc-netty-shaded ships, on one event-loop thread of its own: what
 * happens here (a flood, slow clients) does not touch the gRPC port's event loops. Limits: request
 * line 4 KiB (400 beyond), headers 8 KiB (431), body 8 KiB (413), at most {@link
 * HttpConfig#maxConnections()} connections (503 and closed beyond), the whole request within the
 * request timeout, the next request on a kept-alive connection within the idle timeout.
 *
 * <p>In the drain the registry answers NOT_SERVING, so {@code /readyz} fails while the port still
 * answers; {@link #shutdown()} then stops accepting, ends the event streams and closes idle
 * connections.
 */
public final class HttpEndpoint implements Endpoint {
  static final int MAX_REQUEST_LINE = 4096;
  static final int MAX_HEADERS = 8192;
  static final int MAX_BODY = 8192;

  private static final byte[] TOO_MANY_CONNECTIONS =
      """
          HTTP/1.1 503 Service Unavailable\r
          Content-Type: text/plain; charset=utf-8\r
          Content-Length: 21\r
          Retry-After: 1\r
          Connection: close\r
          \r
          too many connections
          """
          .getBytes(US_ASCII);

  private final HttpConfig config;
  private final String host;
  private final StatusRegistry registry;
  private final @Nullable ServerMetrics metrics;
  private final HealthReports reports;
  private final TransitionLog transitions = new TransitionLog();
  private final AtomicInteger connections = new AtomicInteger();
  private final Set<Channel> children = ConcurrentHashMap.newKeySet();
  private final Map<String, String> checksSeen = new ConcurrentHashMap<>();
  private final Object terminated = new Object();
  private volatile boolean stopping;
  private @Nullable EventLoopGroup loop;
  private @Nullable Channel server;
  private volatile @Nullable EventStreams streams;

  /**
   * An HTTP endpoint for {@code registry}; not started.
   *
   * @param config the HTTP settings (enabled)
   * @param grpcHost the gRPC port's address, bound when {@code config} names none
   * @param registry the statuses it reports
   * @param metrics what {@code /metrics} serves, or null for 404
   * @param version the server's version, in {@code /health}
   * @param checks the checks engine's results now (read per response, never waits for a check)
   */
  public HttpEndpoint(
      HttpConfig config,
      String grpcHost,
      StatusRegistry registry,
      @Nullable ServerMetrics metrics,
      String version,
      Supplier<ChecksSnapshot> checks) {
    this.config = requireNonNull(config, "config");
    if (!config.enabled()) {
      throw new IllegalArgumentException("the HTTP endpoint is disabled (--http-port -1)");
    }
    this.host = config.bindHost(requireNonNull(grpcHost, "grpcHost"));
    this.registry = requireNonNull(registry, "registry");
    this.metrics = metrics;
    this.reports =
        new HealthReports(
            registry,
            config.showDetails(),
            requireNonNull(version, "version"),
            transitions,
            requireNonNull(checks, "checks"),
            Clock.systemUTC());
    registry.addChangeListener(transitions);
  }

  @Override
  public void start() throws IOException {
    StaticResources resources = StaticResources.load();
    EventLoopGroup group = new NioEventLoopGroup(1, new DefaultThreadFactory("vitals-http", true));
    loop = group;
    EventStreams events = new EventStreams(group.next(), reports::pageEvent);
    streams = events;
    registry.addChangeListener(events);
    HttpHandler.Context context =
        new HttpHandler.Context() {
          @Override
          public HealthReports reports() {
            return reports;
          }

          @Override
          public StaticResources resources() {
            return resources;
          }

          @Override
          public @Nullable ServerMetrics metrics() {
            return metrics;
          }

          @Override
          public EventStreams streams() {
            return events;
          }

          @Override
          public boolean stopping() {
            return stopping;
          }
        };
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_BACKLOG, 128)
            .childOption(ChannelOption.TCP_NODELAY, true)
            // An event stream whose client stops reading holds at most this much.
            .childOption(
                ChannelOption.WRITE_BUFFER_WATER_MARK,
                new WriteBufferWaterMark(32 * 1024, 64 * 1024))
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel channel) {
                    accept(channel, context);
                  }
                });
    ChannelFuture bind =
        bootstrap.bind(new InetSocketAddress(host, config.port())).awaitUninterruptibly();
    if (!bind.isSuccess()) {
      // Said in one line; the gRPC port's bind failure is reported differently (ServerLauncher).
      throw new IOException(
          "cannot bind HTTP to " + host + ":" + config.port() + ": " + bind.cause().getMessage());
    }
    server = bind.channel();
  }

  private void accept(SocketChannel channel, HttpHandler.Context context) {
    children.add(channel);
    int open = connections.incrementAndGet();
    ChannelFuture unused =
        channel
            .closeFuture()
            .addListener(
                future -> {
                  connections.decrementAndGet();
                  children.remove(channel);
                  synchronized (terminated) {
                    terminated.notifyAll();
                  }
                });
    if (open > config.maxConnections() || stopping) {
      Outbound.sendAndClose(channel, Unpooled.wrappedBuffer(TOO_MANY_CONNECTIONS));
      return;
    }
    RequestDeadline deadline = new RequestDeadline(config.requestTimeout(), config.idleTimeout());
    channel
        .pipeline()
        .addLast("deadline", deadline)
        .addLast("codec", new HttpServerCodec(MAX_REQUEST_LINE, MAX_HEADERS, 8192))
        .addLast("aggregator", new HttpObjectAggregator(MAX_BODY))
        .addLast("handler", new HttpHandler(context, deadline));
  }

  /**
   * What the checks engine tells of each result: the status page gets a new picture when a check's
   * state, or whether its last run passed, or a failure's output changes (a passing check's output
   * is not shown, so its runs are no news).
   */
  public ResultListener checkResults() {
    return (check, result, state) -> {
      String seen = state + (result.passed() ? " pass" : " fail " + result.output());
      if (!seen.equals(checksSeen.put(check, seen))) {
        EventStreams events = streams;
        if (events != null) {
          events.changed();
        }
      }
    };
  }

  /** The bound port. */
  public int port() {
    Channel bound = requireNonNull(server, "not started");
    return ((InetSocketAddress) bound.localAddress()).getPort();
  }

  /** How many HTTP connections are open now. */
  public int connections() {
    return connections.get();
  }

  @Override
  public void shutdown() {
    stopping = true;
    Channel bound = server;
    if (bound != null) {
      Outbound.close(bound);
    }
    EventStreams events = streams;
    EventLoopGroup group = loop;
    if (events != null && group != null && !group.isShuttingDown()) {
      group.execute(
          () -> {
            events.closeAll();
            // Idle kept-alive connections go now; one receiving a request is answered, then
            // closed (its response says Connection: close), or times out.
            for (Channel child : children) {
              RequestDeadline deadline = child.pipeline().get(RequestDeadline.class);
              if (deadline == null || deadline.state() == RequestDeadline.State.IDLE) {
                Outbound.close(child);
              }
            }
          });
    }
  }

  @Override
  public boolean awaitTermination(Duration grace) throws InterruptedException {
    long deadline = System.nanoTime() + grace.toNanos();
    synchronized (terminated) {
      while (!children.isEmpty()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(terminated, left);
      }
    }
    return true;
  }

  @Override
  public void shutdownNow() {
    stopping = true;
    for (Channel child : children) {
      Outbound.close(child);
    }
  }

  @Override
  public void close() {
    stopping = true;
    EventLoopGroup group = loop;
    if (group != null) {
      // Not awaited: awaitTermination has waited for the connections; the loop ends within 1 s.
      Future<?> unused = group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
  }

  @Override
  public String describe() {
    Channel bound = server;
    return host + ":" + (bound != null ? port() : config.port());
  }
}
