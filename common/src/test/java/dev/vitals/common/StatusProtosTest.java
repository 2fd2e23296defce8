package dev.vitals.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class StatusProtosTest {
  private static final dev.vitals.api.health.v1.HealthCheckResponse.ServingStatus V1_UNRECOGNIZED =
      dev.vitals.api.health.v1.HealthCheckResponse.ServingStatus.UNRECOGNIZED;

  @ParameterizedTest
  @EnumSource(HealthStatus.class)
  void v1_sameNameAndBack(HealthStatus status) {
    assertThat(StatusProtos.toV1(status).name()).isEqualTo(status.name());
    assertThat(StatusProtos.fromV1(StatusProtos.toV1(status))).isEqualTo(status);
  }

  @ParameterizedTest
  @CsvSource({
    "UNKNOWN, UNKNOWN",
    "SERVING, SERVING",
    "NOT_SERVING, NOT_SERVING",
    "SERVICE_UNKNOWN, UNKNOWN"
  })
  void toLegacy_serviceUnknownIsUnknown(HealthStatus status, String legacy) {
    assertThat(StatusProtos.toLegacy(status).name()).isEqualTo(legacy);
  }

  @ParameterizedTest
  @EnumSource(
      value = dev.vitals.api.legacy.HealthCheckResponse.ServingStatus.class,
      names = "UNRECOGNIZED",
      mode = EnumSource.Mode.EXCLUDE)
  void fromLegacy_sameName(dev.vitals.api.legacy.HealthCheckResponse.ServingStatus legacy) {
    assertThat(StatusProtos.fromLegacy(legacy).name()).isEqualTo(legacy.name());
  }

  @ParameterizedTest
  @EnumSource(value = HealthStatus.class, names = "SERVICE_UNKNOWN", mode = EnumSource.Mode.EXCLUDE)
  void admin_settableStatus_sameNameAndBack(HealthStatus status) {
    assertThat(StatusProtos.toAdmin(status).name()).isEqualTo(status.name());
    assertThat(StatusProtos.fromAdmin(StatusProtos.toAdmin(status))).isEqualTo(status);
    assertThat(StatusProtos.fromAdminNumber(StatusProtos.toAdmin(status).getNumber()))
        .isEqualTo(status);
  }

  @Test
  void toAdmin_serviceUnknown_throwsSayingToClear() {
    assertThatThrownBy(() -> StatusProtos.toAdmin(HealthStatus.SERVICE_UNKNOWN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("SERVICE_UNKNOWN cannot be set; clear the service instead");
  }

  @Test
  void readers_unrecognizedValue_isUnknown() {
    assertThat(StatusProtos.fromV1(V1_UNRECOGNIZED)).isEqualTo(HealthStatus.UNKNOWN);
    assertThat(
            StatusProtos.fromLegacy(
                dev.vitals.api.legacy.HealthCheckResponse.ServingStatus.UNRECOGNIZED))
        .isEqualTo(HealthStatus.UNKNOWN);
    assertThat(StatusProtos.fromAdmin(dev.vitals.api.admin.v1.ServingStatus.UNRECOGNIZED))
        .isEqualTo(HealthStatus.UNKNOWN);
  }

  @ParameterizedTest
  @ValueSource(ints = {3, 7, -1, Integer.MAX_VALUE})
  void fromAdminNumber_unknownNumber_throwsNamingItAndTheNumbers(int number) {
    assertThatThrownBy(() -> StatusProtos.fromAdminNumber(number))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "unknown status number "
                + number
                + " (expected UNKNOWN=0, SERVING=1 or NOT_SERVING=2)");
  }
}
