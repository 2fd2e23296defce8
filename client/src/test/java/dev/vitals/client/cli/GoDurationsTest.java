package dev.vitals.client.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class GoDurationsTest {
  @ParameterizedTest(name = "{0} = {1} ns")
  @CsvSource({
    "0, 0",
    "1s, 1000000000",
    "500ms, 500000000",
    "1.5s, 1500000000",
    ".5s, 500000000",
    "1m30s, 90000000000",
    "2h, 7200000000000",
    "250us, 250000",
    "250µs, 250000",
    "7ns, 7",
    "PT5S, 5000000000",
    "' 3s ', 3000000000",
  })
  void parse_goAndIsoSyntax(String text, long nanos) {
    assertThat(GoDurations.parse(text)).isEqualTo(Duration.ofNanos(nanos));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "1", "s", "-1s", "1x", "1s-", "1 s", "soon", "P", "1.2.3s"})
  void parse_rejectsWithTheValueInTheMessage(String text) {
    assertThatThrownBy(() -> GoDurations.parse(text))
        .isInstanceOf(CommandLine.TypeConversionException.class)
        .hasMessageContaining("'" + text + "'");
  }

  @ParameterizedTest(name = "{0} formats as {1}")
  @CsvSource({
    "PT0.3S, 300ms",
    "PT1S, 1s",
    "PT1.5S, 1.5s",
    "PT1M30S, 1m30s",
    "PT2H, 2h",
    "PT0.000000007S, 7ns",
  })
  void format_likeGo(String iso, String formatted) {
    assertThat(GoDurations.format(Duration.parse(iso))).isEqualTo(formatted);
  }
}
