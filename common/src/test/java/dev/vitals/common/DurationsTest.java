package dev.vitals.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {
  @ParameterizedTest(name = "{0} = {1} ns")
  @CsvSource({
    "0, 0",
    "' 0 ', 0",
    "1s, 1000000000",
    "500ms, 500000000",
    "3s, 3000000000",
    "1.5s, 1500000000",
    ".5s, 500000000",
    "1.s, 1000000000",
    "1m30s, 90000000000",
    "2m, 120000000000",
    "1h, 3600000000000",
    "2h, 7200000000000",
    "250us, 250000",
    "250\u00b5s, 250000",
    "250\u03bcs, 250000",
    "250000us, 250000000",
    "7ns, 7",
    "1h2m3s4ms5us6ns, 3723004005006",
    "1h2m3s4ms, 3723004000000",
    "PT5S, 5000000000",
    "pt0.25s, 250000000",
    "' 3s ', 3000000000",
    "9223372036854775807ns, 9223372036854775807",
  })
  void parse_goAndIsoSyntax_returnsIt(String text, long nanos) {
    assertThat(Durations.parse(text)).isEqualTo(Duration.ofNanos(nanos));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "", "1", "3", "s", "-1s", "+1s", "1x", "1s-", "1 s", "3 s", "soon", "P", "1.2.3s", "ms5",
        "1s2", ".s", "00", "5sec", "1d", "5s5"
      })
  void parse_notADuration_throwsNamingTheValue(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'" + text + "' is not a duration (examples: 500ms, 3s, 1m30s, PT5S)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"PT-5S", "pt-0.5s", "P-1D"})
  void parse_negativeIso_throwsNamingTheValue(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("duration '" + text + "' is negative");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2222222222221s",
        "9223372036854775808ns",
        "106752d",
        "P106752D",
        "2562048h",
        "PT9999999999H"
      })
  void parse_overGoLimit_throwsTooLongOrNotADuration(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + text + "'")
        .message()
        .containsAnyOf("is too long", "is not a duration");
  }

  @ParameterizedTest
  @ValueSource(strings = {"2222222222221s", "9223372036854775808ns", "P106752D", "2562048h"})
  void parse_overGoLimit_saysTooLong(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .hasMessage("duration '" + text + "' is too long");
  }

  @ParameterizedTest(name = "{0} formats as {1}")
  @CsvSource({
    "PT0S, 0s",
    "PT0.000000007S, 7ns",
    "PT0.0000015S, 1.5us",
    "PT0.25S, 250ms",
    "PT0.3S, 300ms",
    "PT0.0015S, 1.5ms",
    "PT1S, 1s",
    "PT3S, 3s",
    "PT1.5S, 1.5s",
    "PT1M, 1m",
    "PT1M30S, 1m30s",
    "PT2H, 2h",
    "PT1H0.5S, 1h0.5s",
    "PT1H2M3.004S, 1h2m3.004s",
    "PT-1.5S, -1.5s",
  })
  void format_likeGoWithoutZeroFields(String iso, String formatted) {
    assertThat(Durations.format(Duration.parse(iso))).isEqualTo(formatted);
  }

  @ParameterizedTest
  @ValueSource(
      longs = {
        0,
        1,
        7,
        999,
        1_000,
        1_500,
        250_000,
        1_000_000,
        300_000_000,
        1_000_000_000,
        1_500_000_000,
        90_000_000_000L,
        3_723_004_005_006L,
        7_200_000_000_000L,
        Long.MAX_VALUE
      })
  void format_roundTrips(long nanos) {
    Duration duration = Duration.ofNanos(nanos);
    assertThat(Durations.parse(Durations.format(duration))).isEqualTo(duration);
  }

  /** Whatever the text, a duration of at least zero or an IllegalArgumentException naming it. */
  @Test
  void parse_randomText_returnsNonNegativeOrThrowsIllegalArgument() {
    String alphabet = "0123456789..nsumhPTDM \u00b5\u03bc-+x";
    Random random = new Random(20261130);
    for (int i = 0; i < 20_000; i++) {
      StringBuilder chars = new StringBuilder();
      for (int n = random.nextInt(24); n > 0; n--) {
        chars.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String text = chars.toString();
      try {
        assertThat(Durations.parse(text)).as(text).isGreaterThanOrEqualTo(Duration.ZERO);
      } catch (IllegalArgumentException e) {
        assertThat(e.getMessage())
            .contains("'" + text + "'")
            .containsAnyOf("is not a duration", "is too long", "is negative");
      }
    }
  }
}
