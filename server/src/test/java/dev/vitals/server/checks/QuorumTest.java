package dev.vitals.server.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class QuorumTest {
  @ParameterizedTest
  @MethodSource("cases")
  void needed_ofBackends(Quorum quorum, int backends, int needed) {
    assertThat(quorum.needed(backends)).isEqualTo(needed);
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(Quorum.ALL, 3, 3),
        Arguments.of(Quorum.ALL, 0, 0),
        Arguments.of(Quorum.count(2), 3, 2),
        Arguments.of(Quorum.count(2), 1, 2),
        Arguments.of(Quorum.percent(50), 3, 2),
        Arguments.of(Quorum.percent(50), 4, 2),
        Arguments.of(Quorum.percent(50), 1, 1),
        Arguments.of(Quorum.percent(1), 100, 1),
        Arguments.of(Quorum.percent(1), 101, 2),
        Arguments.of(Quorum.percent(100), 7, 7),
        Arguments.of(Quorum.percent(50), 0, 1));
  }

  @Test
  void toString_asWritten() {
    assertThat(Quorum.ALL).hasToString("all");
    assertThat(Quorum.count(2)).hasToString("2");
    assertThat(Quorum.percent(50)).hasToString("50%");
  }

  @Test
  void new_outOfRange_refused() {
    assertThatThrownBy(() -> Quorum.percent(101)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Quorum.count(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Quorum(Quorum.Kind.ALL, 2))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
