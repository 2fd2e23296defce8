package dev.vitals.server.checks;

/**
 * Where derived statuses go: the server's status registry, in production. Called only when a
 * service's derived status changes (and once per service at {@link Checks#start()}, with {@link
 * ServiceStatus#UNKNOWN}), in the order the changes happened.
 *
 * <p>Called while the engine holds its lock: an implementation must be quick and must not call back
 * into {@link Checks}.
 */
@FunctionalInterface
public interface StatusSink {
  /** Sets {@code service} ({@code ""} is the whole server) to {@code status}. */
  void set(String service, ServiceStatus status);
}
