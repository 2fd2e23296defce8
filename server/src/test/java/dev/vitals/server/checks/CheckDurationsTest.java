package dev.vitals.server.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CheckDurationsTest {
  @ParameterizedTest
  @CsvSource({
    "0, 0",
    "500ms, 500",
    "3s, 3000",
    "1m30s, 90000",
    "2m, 120000",
    "1h, 3600000",
    ".5s, 500",
    "1.5s, 1500",
    "1h2m3s4ms, 3723004",
  })
  void parse_validDurations(String text, long millis) {
    assertThat(CheckDurations.parse(text)).isEqualTo(Duration.ofMillis(millis));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "5", "s", "5 s", "5sec", "1d", "1s-", ".s", "PT5S", "5s5"})
  void parse_notADuration_fails(String text) {
    assertThatThrownBy(() -> CheckDurations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'" + text + "' is not a duration (examples: 0, 500ms, 3s, 1m30s, 1h)");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {"-5s | must be positive, got '-5s'", "9000h | '9000h' is longer than a year"})
  void parse_outOfRange_fails(String text, String message) {
    assertThatThrownBy(() -> CheckDurations.parse(text)).hasMessage(message);
  }

  @ParameterizedTest
  @CsvSource({"0, 0", "500, 500ms", "90000, 1m30s", "3600000, 1h", "3723004, 1h2m3s4ms"})
  void format_roundTrips(long millis, String text) {
    assertThat(CheckDurations.format(Duration.ofMillis(millis))).isEqualTo(text);
    assertThat(CheckDurations.parse(text)).isEqualTo(Duration.ofMillis(millis));
  }
}
