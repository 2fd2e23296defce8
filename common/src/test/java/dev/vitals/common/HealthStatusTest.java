package dev.vitals.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class HealthStatusTest {
  @ParameterizedTest
  @CsvSource({
    "SERVING, SERVING",
    "serving, SERVING",
    "' Not_Serving ', NOT_SERVING",
    "unknown, UNKNOWN",
    "service_unknown, SERVICE_UNKNOWN"
  })
  void parse_anyCase_returnsIt(String text, HealthStatus expected) {
    assertThat(HealthStatus.parse(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "SERVNG", "OK", "1"})
  void parse_unknownName_throwsNamingTheValueAndTheNames(String text) {
    assertThatThrownBy(() -> HealthStatus.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "unknown status '"
                + text
                + "' (expected SERVING, NOT_SERVING, UNKNOWN or SERVICE_UNKNOWN)");
  }

  @ParameterizedTest
  @CsvSource({"SERVING, SERVING", "not_serving, NOT_SERVING", "Unknown, UNKNOWN"})
  void parseSettable_settableName_returnsIt(String text, HealthStatus expected) {
    assertThat(HealthStatus.parseSettable(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"SERVNG", "SERVICE_UNKNOWN", "service_unknown", ""})
  void parseSettable_otherName_throwsNamingTheSettableNames(String text) {
    assertThatThrownBy(() -> HealthStatus.parseSettable(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown status '" + text + "' (expected SERVING, NOT_SERVING or UNKNOWN)");
  }

  @ParameterizedTest
  @EnumSource(HealthStatus.class)
  void isSettable_everyStatusButServiceUnknown(HealthStatus status) {
    assertThat(status.isSettable()).isEqualTo(status != HealthStatus.SERVICE_UNKNOWN);
  }
}
