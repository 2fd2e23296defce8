package dev.vitals.bench;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The servers the benchmarks put side by side, named as in the JMH {@code impl} parameter. */
enum Impl {
  /** vitals, {@code grpc.health.v1.Health/Check}. */
  VITALS_V1("vitals-v1"),
  /**
   * vitals-v1 with its HTTP port on, so with its Prometheus metrics (every call counted and timed
   * by the gRFC A66 stream tracer); vitals-v1 has no HTTP port, so no metrics.
   */
  VITALS_METRICS("vitals-metrics"),
  /** vitals, the original {@code /Health/check}. */
  VITALS_LEGACY("vitals-legacy"),
  /** grpc-java's {@code HealthStatusManager} on a default {@code NettyServerBuilder}. */
  REFERENCE_DEFAULT("reference-default"),
  /** The same reference tuned with {@code .directExecutor()}. */
  REFERENCE_DIRECT("reference-direct");

  private final String label;

  Impl(String label) {
    this.label = label;
  }

  String label() {
    return label;
  }

  boolean isVitals() {
    return this == VITALS_V1 || this == VITALS_METRICS || this == VITALS_LEGACY;
  }

  /** Whether its clients call the original API rather than grpc.health.v1. */
  boolean isLegacy() {
    return this == VITALS_LEGACY;
  }

  static Impl parse(String label) {
    for (Impl impl : values()) {
      if (impl.label.equals(label)) {
        return impl;
      }
    }
    throw new IllegalArgumentException(
        "unknown impl '"
            + label
            + "' (expected one of "
            + Arrays.stream(values()).map(Impl::label).collect(Collectors.joining(", "))
            + ")");
  }
}
