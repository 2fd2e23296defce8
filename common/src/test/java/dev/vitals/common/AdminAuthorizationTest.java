package dev.vitals.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AdminAuthorizationTest {
  @Test
  void key_isAuthorization() {
    assertThat(AdminAuthorization.KEY.name()).isEqualTo("authorization");
    assertThat(AdminAuthorization.FORMAT).isEqualTo("authorization: Bearer <token>");
  }

  @Test
  void headerValue_trimsTheToken() {
    assertThat(AdminAuthorization.headerValue(" s3cret\n")).isEqualTo("Bearer s3cret");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\n\t"})
  void checkToken_blank_throws(String token) {
    assertThatThrownBy(() -> AdminAuthorization.checkToken(token))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("admin token is blank");
  }

  @ParameterizedTest
  @ValueSource(strings = {"t\u00f6k", "a\u0000b", "a\u007fb", "line\nbreak"})
  void checkToken_notPrintableAscii_throwsWithoutTheToken(String token) {
    assertThatThrownBy(() -> AdminAuthorization.headerValue(token))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("admin token must be printable ASCII");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "Bearer s3cret|s3cret",
        "bearer s3cret|s3cret",
        "BEARER   s3cret  |s3cret",
        "Bearer a b|a b",
      })
  void bearerToken_bearerScheme_returnsTheTrimmedToken(String value, String token) {
    assertThat(AdminAuthorization.bearerToken(value)).contains(token);
  }

  @Test
  void bearerToken_onlySpaceAfterTheScheme_isAnEmptyToken() {
    assertThat(AdminAuthorization.bearerToken("Bearer   ")).contains("");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Bearer", "Bearer ", "Basic abc", "s3cret", "Bearers3cret"})
  void bearerToken_notBearer_isEmpty(String value) {
    assertThat(AdminAuthorization.bearerToken(value)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"s3cret", "with space", "~!@#$%^&*()"})
  void headerValue_thenBearerToken_roundTrips(String token) {
    assertThat(AdminAuthorization.bearerToken(AdminAuthorization.headerValue(token)))
        .contains(token);
  }
}
