package dev.vitals.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {
  @ParameterizedTest
  @CsvSource({
    "0, 0",
    "500ms, 500",
    "3s, 3000",
    "1m30s, 90000",
    "1h, 3600000",
    "1.5s, 1500",
    "PT5S, 5000",
    "pt0.25s, 250",
    "250000us, 250"
  })
  void parse_validDuration_returnsIt(String text, long millis) {
    assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "3", "s", "3 s", "-1s", "1x", "PT-5S", "ms5", "1s2"})
  void parse_invalid_throwsNamingTheValue(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + text + "'");
  }

  @ParameterizedTest
  @CsvSource({"0, 0s", "250, 250ms", "3000, 3s", "90000, 1m30s", "3723004, 1h2m3s4ms"})
  void format_roundTrips(long millis, String text) {
    assertThat(Durations.format(Duration.ofMillis(millis))).isEqualTo(text);
    assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
  }
}
