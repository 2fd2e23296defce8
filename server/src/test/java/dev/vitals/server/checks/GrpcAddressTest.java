package dev.vitals.server.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class GrpcAddressTest {
  @ParameterizedTest
  @MethodSource("addresses")
  void parse_readsHostAndPortOrKeepsTheTarget(String written, String host, int port) {
    GrpcAddress address = GrpcAddress.parse(written);

    assertThat(address.written()).isEqualTo(written);
    assertThat(address.host()).isEqualTo(host);
    assertThat(address.port()).isEqualTo(port);
    assertThat(address.resolved()).isEqualTo(host != null);
  }

  static Stream<Arguments> addresses() {
    return Stream.of(
        Arguments.of("api:8001", "api", 8001),
        Arguments.of("dns:///api-headless:8001", "api-headless", 8001),
        Arguments.of("10.0.0.5:8001", "10.0.0.5", 8001),
        Arguments.of("[::1]:8001", "::1", 8001),
        Arguments.of("dns:///[::1]:8001", "::1", 8001),
        Arguments.of("unix:/run/api.sock", null, 0),
        Arguments.of("unix:///run/api.sock", null, 0));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "api", "api:0", "api:65536", "dns:///api", ":8001", "dns:api:1"})
  void parse_notAnAddress_refused(String written) {
    assertThatThrownBy(() -> GrpcAddress.parse(written))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
