package dev.vitals.server.checks.grpc;

import dev.vitals.server.checks.BackendSnapshot;
import dev.vitals.server.checks.Scheduler;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One backend of an {@link UpstreamCheck}: its channel, its stream and what it said last. Every
 * field is confined to the check's synchronization context.
 */
final class Backend {
  /** How the backend is followed. */
  enum Mode {
    /** One long-lived Health/Watch stream. */
    WATCH,
    /** Health/Check on the check's interval: the backend answered Watch with UNIMPLEMENTED. */
    POLL,
    /** Missing from DNS: no channel, counted as down until forgotten. */
    GONE
  }

  final String name;
  @Nullable ManagedChannel channel;
  Mode mode = Mode.WATCH;

  /** Whether it counts toward the quorum; null until its first answer (or its timeout). */
  @Nullable Boolean serving;

  String status = "no answer yet";
  String detail = "";
  @Nullable Instant since;

  /** The stream or poll call in progress, to cancel it. */
  @Nullable ClientCall<?, ?> call;

  /** Which call is current: callbacks of an older one are ignored. */
  long generation;

  /** Failed attempts in a row, for the backoff. */
  int attempts;

  /** The next Watch attempt or poll. */
  Scheduler.@Nullable Task next;

  /** Ends a Watch attempt that has not answered within the timeout. */
  Scheduler.@Nullable Task answerDeadline;

  /** Marks a SERVING backend whose stream broke down, unless it is back within the timeout. */
  Scheduler.@Nullable Task downAt;

  /** When it went missing from DNS ({@link Mode#GONE}), on the monotonic clock. */
  long goneNanos;

  Backend(String name) {
    this.name = name;
  }

  /** Records an answer or a failure; returns whether {@link #serving} changed. */
  boolean observe(boolean serving, String status, String detail, Instant now) {
    this.status = status;
    this.detail = detail;
    Boolean before = this.serving;
    this.serving = serving;
    if (before == null || before != serving) {
      since = now;
      return true;
    }
    return false;
  }

  BackendSnapshot snapshot() {
    return new BackendSnapshot(
        name,
        Boolean.TRUE.equals(serving) && mode != Mode.GONE,
        status,
        mode.name().toLowerCase(java.util.Locale.ROOT),
        since,
        detail);
  }
}
