package dev.vitals.server.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.api.admin.v1.Backend;
import dev.vitals.api.admin.v1.ListChecksResponse;
import dev.vitals.server.checks.BackendSnapshot;
import dev.vitals.server.checks.CheckSnapshot;
import dev.vitals.server.checks.CheckState;
import dev.vitals.server.checks.ChecksSnapshot;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChecksProtosTest {
  private static final Instant AT = Instant.parse("2026-11-30T12:00:00.5Z");

  @Test
  void toProto_backendsOfACheck_everyField() {
    CheckSnapshot check =
        new CheckSnapshot(
            "replicas",
            "grpc",
            "dns:///app:8001 quorum 50%",
            true,
            CheckState.PASSING,
            AT,
            null,
            1,
            0,
            List.of(
                new BackendSnapshot("10.0.0.5:8001", true, "SERVING", "watch", AT, ""),
                new BackendSnapshot("10.0.0.6:8001", false, "gone from DNS", "gone", null, "")));

    ListChecksResponse response =
        ChecksProtos.toProto(new ChecksSnapshot(AT, List.of(check), List.of()));

    List<Backend> backends = response.getChecks(0).getBackendsList();
    assertThat(backends).hasSize(2);
    assertThat(backends.get(0).getName()).isEqualTo("10.0.0.5:8001");
    assertThat(backends.get(0).getServing()).isTrue();
    assertThat(backends.get(0).getStatus()).isEqualTo("SERVING");
    assertThat(backends.get(0).getMode()).isEqualTo("watch");
    assertThat(backends.get(0).getSince())
        .isEqualTo(
            com.google.protobuf.Timestamp.newBuilder()
                .setSeconds(AT.getEpochSecond())
                .setNanos(AT.getNano())
                .build());
    assertThat(backends.get(1).getServing()).isFalse();
    assertThat(backends.get(1).getMode()).isEqualTo("gone");
    assertThat(backends.get(1).hasSince()).isFalse();
  }
}
