package dev.vitals.server.checks;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A manual status on a derived service (the admin API's SetStatus), which wins over its checks
 * until it is cleared or, with a TTL, until it expires: maintenance mode that cannot be forgotten.
 *
 * @param status the status set by hand
 * @param since when it was set
 * @param until when it expires, or null if it lasts until cleared
 */
public record ServiceOverride(ServiceStatus status, Instant since, @Nullable Instant until) {
  /** Checks the fields. */
  public ServiceOverride {
    requireNonNull(status, "status");
    requireNonNull(since, "since");
  }
}
