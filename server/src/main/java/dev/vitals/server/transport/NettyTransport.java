package dev.vitals.server.transport;

import dev.vitals.server.ServerConfig;
import io.grpc.InsecureServerCredentials;
import io.grpc.ServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.ServerChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import io.grpc.netty.shaded.io.netty.util.concurrent.Future;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The Netty transport: its event loops (epoll where available, else NIO), and a server builder with
 * the configured connection limits and keepalives. {@link #close} shuts the loops down.
 */
public final class NettyTransport implements AutoCloseable {
  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final NettyServerBuilder builder;

  private NettyTransport(ServerConfig config, @Nullable ServerCredentials credentials)
      throws IOException {
    InetSocketAddress address = new InetSocketAddress(config.host(), config.port());
    try {
      builder =
          NettyServerBuilder.forAddress(
              address,
              ConnectionHooks.credentials(
                  credentials == null ? InsecureServerCredentials.create() : credentials,
                  config.maxStreamsPerConnection()));
    } catch (IllegalArgumentException e) {
      // grpc-java parses the PEM files here and says what is wrong with them.
      throw new IOException(
          "cannot load the TLS certificate, key or client CA: " + e.getMessage(), e);
    }
    boolean epoll = Epoll.isAvailable();
    boss =
        epoll
            ? new EpollEventLoopGroup(1, new DefaultThreadFactory("vitals-boss", true))
            : new NioEventLoopGroup(1, new DefaultThreadFactory("vitals-boss", true));
    workers =
        epoll
            ? new EpollEventLoopGroup(
                config.workerThreads(), new DefaultThreadFactory("vitals-worker", true))
            : new NioEventLoopGroup(
                config.workerThreads(), new DefaultThreadFactory("vitals-worker", true));
    Class<? extends ServerChannel> channelType =
        epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    builder
        .bossEventLoopGroup(boss)
        .workerEventLoopGroup(workers)
        .channelType(channelType)
        // grpc-java's own default is 2 minutes, long enough for a slowloris client to hold
        // thousands of half-open connections.
        .handshakeTimeout(config.handshakeTimeout().toNanos(), TimeUnit.NANOSECONDS)
        .maxConcurrentCallsPerConnection(config.maxStreamsPerConnection())
        // StreamAdmission answers headers over the first with 431 on their stream; the second is
        // where HPACK decoding stops, and 1.25 times it Netty's bound on one encoded header block.
        .maxInboundMetadataSize(StreamAdmission.MAX_HEADER_BYTES, StreamAdmission.HARD_HEADER_BYTES)
        .keepAliveTime(config.keepaliveTime().toNanos(), TimeUnit.NANOSECONDS)
        .keepAliveTimeout(config.keepaliveTimeout().toNanos(), TimeUnit.NANOSECONDS)
        .permitKeepAliveTime(config.permitKeepaliveTime().toNanos(), TimeUnit.NANOSECONDS)
        .maxConnectionIdle(orForever(config.maxConnectionIdle()), TimeUnit.NANOSECONDS)
        .maxConnectionAge(orForever(config.maxConnectionAge()), TimeUnit.NANOSECONDS)
        .maxConnectionAgeGrace(orForever(config.maxConnectionAgeGrace()), TimeUnit.NANOSECONDS);
  }

  /**
   * Event loops and a builder for {@code config}'s address, limits and keepalives.
   *
   * @param credentials TLS credentials, or null for plaintext
   * @throws IOException if grpc-java cannot load the credentials' files
   */
  public static NettyTransport create(ServerConfig config, @Nullable ServerCredentials credentials)
      throws IOException {
    return new NettyTransport(config, credentials);
  }

  /** The builder to add services to; its event loops are this transport's. */
  public NettyServerBuilder serverBuilder() {
    return builder;
  }

  /** Shuts down the event loops. */
  @Override
  public void close() {
    // Not awaited: the server has terminated (its calls are done); the loops end within 1 s.
    Future<?> unusedWorkers = workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    Future<?> unusedBoss = boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }

  /** Zero means "no limit" in the configuration; grpc-java says so with Long.MAX_VALUE. */
  private static long orForever(Duration duration) {
    return duration.isZero() ? Long.MAX_VALUE : duration.toNanos();
  }
}
