package dev.vitals.server.status;

import dev.vitals.common.HealthStatus;
import java.time.Instant;

/**
 * Told about every change in a {@link StatusRegistry}, whatever the service: what the metrics and
 * the HTTP status page use. Unlike a {@link StatusListener} (one Watch stream on one service) it is
 * not counted as a watcher and never refused.
 */
@FunctionalInterface
public interface ChangeListener {
  /**
   * {@code service} went from {@code from} to {@code to}. Called with the registry's lock held, in
   * the order the changes happened: must not block (record it, or hand it to another thread).
   *
   * @param service the service that changed ({@code ""} is the whole server)
   * @param from its status before, {@link HealthStatus#SERVICE_UNKNOWN} if it was not registered
   * @param to its status now, {@link HealthStatus#SERVICE_UNKNOWN} if it was cleared
   * @param at when it changed
   */
  void onChange(String service, HealthStatus from, HealthStatus to, Instant at);
}
