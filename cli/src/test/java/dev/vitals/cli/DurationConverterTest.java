package dev.vitals.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** The grammar itself is tested in vitals-common's DurationsTest; here, what picocli gets. */
class DurationConverterTest {
  private final DurationConverter converter = new DurationConverter();

  @ParameterizedTest(name = "{0} = {1} ns")
  @CsvSource({".5s, 500000000", "1m30s, 90000000000", "PT5S, 5000000000"})
  void convert_goAndIsoSyntax(String text, long nanos) {
    assertThat(converter.convert(text)).isEqualTo(Duration.ofNanos(nanos));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "1",
        "s",
        "-1s",
        "1x",
        "1s-",
        "1 s",
        "soon",
        "P",
        "1.2.3s",
        "PT-5S",
        "2222222222221s"
      })
  void convert_rejectsWithTheValueInTheMessage(String text) {
    assertThatThrownBy(() -> converter.convert(text))
        .isInstanceOf(CommandLine.TypeConversionException.class)
        .hasMessageContaining("'" + text + "'");
  }
}
