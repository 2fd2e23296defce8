package dev.vitals.server.logging;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs what clients did wrong (a refused admin token, a stream over the limit, a request too large)
 * without letting them flood the log: the first fault of each kind in an interval is logged at
 * once, in one line without a stack trace; the rest are counted, and the counts per kind go out in
 * one summary line when the interval is over (with the next fault, or at {@link #flush}). A client
 * can so add at most a few lines per interval, however fast it misbehaves. Faults of the server
 * itself are not this class's business: they are logged in full where they happen.
 *
 * <p>One log per JVM ({@link #shared}), because grpc-java's loggers, which {@link #filterGrpcLogs}
 * filters into it, are per JVM too.
 */
public final class ClientFaultLog {
  /** How often at most the counts are logged. */
  public static final Duration INTERVAL = Duration.ofMinutes(1);

  private static final ClientFaultLog SHARED =
      new ClientFaultLog(LoggerFactory.getLogger(ClientFaultLog.class), INTERVAL, System::nanoTime);

  private final Logger log;
  private final long intervalNanos;
  private final LongSupplier nanoTime;

  /** Faults per kind in this interval, the first of each already logged. */
  private final ConcurrentHashMap<String, LongAdder> counts = new ConcurrentHashMap<>();

  private final AtomicLong intervalStart;

  ClientFaultLog(Logger log, Duration interval, LongSupplier nanoTime) {
    this.log = requireNonNull(log, "log");
    this.intervalNanos = interval.toNanos();
    this.nanoTime = requireNonNull(nanoTime, "nanoTime");
    this.intervalStart = new AtomicLong(nanoTime.getAsLong());
  }

  /** The JVM's client-fault log. */
  public static ClientFaultLog shared() {
    return SHARED;
  }

  /**
   * Routes grpc-java's warnings about client misbehaviour (HTTP/2 stream errors such as
   * REFUSED_STREAM, request messages over the size limit) into the {@link #shared} log instead of
   * one stack trace each. Idempotent.
   */
  public static void filterGrpcLogs() {
    GrpcLogFilter.install(SHARED);
  }

  /**
   * Records one fault of {@code kind} (a short constant, such as {@code "admin call refused"});
   * {@code detail} (what the client did, from where) is logged only for the first of its kind in an
   * interval.
   */
  public void record(String kind, String detail) {
    summarizeIfDue();
    LongAdder count = counts.get(kind);
    if (count == null) {
      LongAdder fresh = new LongAdder();
      count = counts.putIfAbsent(kind, fresh);
      if (count == null) {
        log.warn(
            "client fault: {}: {} (more of this kind are counted, one summary per {})",
            kind,
            detail,
            dev.vitals.common.Durations.format(Duration.ofNanos(intervalNanos)));
        return;
      }
    }
    count.increment();
  }

  /** Logs the counts not yet logged, if any, and starts a new interval. */
  public synchronized void flush() {
    intervalStart.set(nanoTime.getAsLong());
    Map<String, Long> repeated = new TreeMap<>();
    for (String kind : counts.keySet()) {
      LongAdder count = counts.remove(kind);
      if (count != null && count.sum() > 0) {
        repeated.put(kind, count.sum());
      }
    }
    if (!repeated.isEmpty()) {
      StringBuilder line = new StringBuilder();
      repeated.forEach(
          (kind, n) ->
              line.append(line.length() == 0 ? "" : "; ").append(n).append(" × ").append(kind));
      log.warn("client faults not logged one by one since the last summary: {}", line);
    }
  }

  private void summarizeIfDue() {
    if (nanoTime.getAsLong() - intervalStart.get() >= intervalNanos) {
      synchronized (this) {
        if (nanoTime.getAsLong() - intervalStart.get() >= intervalNanos) {
          flush();
        }
      }
    }
  }
}
