package dev.vitals.server.http;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.vitals.common.HealthStatus;
import dev.vitals.server.status.ChangeListener;
import io.grpc.netty.shaded.io.netty.buffer.Unpooled;
import io.grpc.netty.shaded.io.netty.channel.Channel;
import io.grpc.netty.shaded.io.netty.channel.ChannelFuture;
import io.grpc.netty.shaded.io.netty.channel.EventLoop;
import io.grpc.netty.shaded.io.netty.handler.codec.http.DefaultHttpContent;
import io.grpc.netty.shaded.io.netty.handler.codec.http.LastHttpContent;
import io.grpc.netty.shaded.io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The status page's server-sent events ({@code /events}): each stream gets the whole picture at
 * once and again after every change. Changes are conflated: a burst of changes is one event, built
 * once for all streams, and a stream whose client does not read gets no backlog, only the latest
 * picture when it can take more; one that stays blocked for two pings is closed. A comment line
 * every {@link #PING} keeps proxies from closing a quiet stream. Streams live on the HTTP event
 * loop (one thread), so nothing here locks.
 */
final class EventStreams implements ChangeListener {
  static final Duration PING = Duration.ofSeconds(15);

  /** Per stream: whether it missed the latest event, and missed pings while blocked. */
  private static final class Stream {
    boolean stale;
    int blockedPings;
  }

  private final EventLoop loop;
  private final Supplier<String> payload;
  private final Map<Channel, Stream> streams = new LinkedHashMap<>();
  private final AtomicBoolean pending = new AtomicBoolean();
  private final ScheduledFuture<?> pings;

  EventStreams(EventLoop loop, Supplier<String> payload) {
    this.loop = loop;
    this.payload = payload;
    this.pings =
        loop.scheduleAtFixedRate(this::ping, PING.toNanos(), PING.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Adds a stream whose response head is written; sends it the picture now. Event loop only. */
  void add(Channel channel) {
    streams.put(channel, new Stream());
    ChannelFuture unused = channel.closeFuture().addListener(future -> streams.remove(channel));
    send(channel, "retry: 1000\n" + event(payload.get()));
  }

  /** How many streams are open. Event loop only. */
  int size() {
    return streams.size();
  }

  @Override
  public void onChange(String service, HealthStatus from, HealthStatus to, Instant at) {
    changed();
  }

  /**
   * Something the page shows changed: every stream gets the new picture soon. Any thread; called
   * with the registry's or the checks engine's lock held, so it only hands over to the loop, once
   * per burst.
   */
  void changed() {
    if (pending.compareAndSet(false, true)) {
      try {
        loop.execute(this::publish);
      } catch (RejectedExecutionException e) {
        pending.set(false); // the endpoint has stopped
      }
    }
  }

  /** A stream's client can take more again: send it what it missed. Event loop only. */
  void writable(Channel channel) {
    Stream stream = streams.get(channel);
    if (stream != null && stream.stale && channel.isWritable()) {
      stream.stale = false;
      stream.blockedPings = 0;
      send(channel, event(payload.get()));
    }
  }

  /** Ends every stream (the server is stopping), and the pings. Event loop only. */
  void closeAll() {
    pings.cancel(false);
    for (Channel channel : Map.copyOf(streams).keySet()) {
      Outbound.sendAndClose(channel, LastHttpContent.EMPTY_LAST_CONTENT);
    }
  }

  private void publish() {
    pending.set(false);
    if (streams.isEmpty()) {
      return;
    }
    String event = event(payload.get());
    for (Map.Entry<Channel, Stream> entry : streams.entrySet()) {
      if (entry.getKey().isWritable()) {
        send(entry.getKey(), event);
      } else {
        entry.getValue().stale = true;
      }
    }
  }

  private void ping() {
    for (Map.Entry<Channel, Stream> entry : Map.copyOf(streams).entrySet()) {
      Channel channel = entry.getKey();
      Stream stream = entry.getValue();
      if (channel.isWritable()) {
        send(channel, ": ping\n\n");
      } else if (++stream.blockedPings >= 2) {
        Outbound.close(channel);
      }
    }
  }

  private static String event(String json) {
    // JSON from JsonWriter has no raw newlines, so it is one data line.
    return "event: health\ndata: " + json + "\n\n";
  }

  private static void send(Channel channel, String text) {
    Outbound.send(channel, new DefaultHttpContent(Unpooled.copiedBuffer(text, UTF_8)));
  }
}
