package dev.vitals.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vitals.common.HealthStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class ServingStatusTest {
  @ParameterizedTest
  @EnumSource(ServingStatus.class)
  void toHealthStatus_andBack_sameConstant(ServingStatus status) {
    assertThat(status.toHealthStatus().name()).isEqualTo(status.name());
    assertThat(ServingStatus.of(status.toHealthStatus())).isEqualTo(status);
  }

  @ParameterizedTest
  @EnumSource(HealthStatus.class)
  void of_everySharedStatus_hasAConstant(HealthStatus status) {
    assertThat(ServingStatus.of(status).toHealthStatus()).isEqualTo(status);
  }

  @ParameterizedTest
  @CsvSource({
    "serving, SERVING",
    "' NOT_SERVING ', NOT_SERVING",
    "Service_Unknown, SERVICE_UNKNOWN"
  })
  void parse_anyCase_returnsIt(String text, ServingStatus expected) {
    assertThat(ServingStatus.parse(text)).isEqualTo(expected);
  }

  @Test
  void parse_unknownName_namesTheAcceptedValues() {
    assertThatThrownBy(() -> ServingStatus.parse("up"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "unknown status 'up' (expected SERVING, NOT_SERVING, UNKNOWN or SERVICE_UNKNOWN)");
  }
}
