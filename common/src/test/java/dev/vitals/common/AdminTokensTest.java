package dev.vitals.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AdminTokensTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"s3cret", "s3cret\n", "  s3cret \r\n"})
  void fromFile_trimsTheContent(String content) throws Exception {
    Path file = Files.writeString(dir.resolve("token"), content, StandardCharsets.UTF_8);
    assertThat(AdminTokens.fromFile(file, "admin token file")).isEqualTo("s3cret");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "\n", " \t\r\n"})
  void fromFile_onlyWhiteSpace_throwsIsEmpty(String content) throws Exception {
    Path file = Files.writeString(dir.resolve("token"), content, StandardCharsets.UTF_8);
    assertThatThrownBy(() -> AdminTokens.fromFile(file, "--token-file"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--token-file " + file + " is empty");
  }

  @Test
  void fromFile_missing_throwsCannotReadNamingTheFile() {
    Path file = dir.resolve("nonexistent");
    assertThatThrownBy(() -> AdminTokens.fromFile(file, "admin token file"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot read admin token file " + file + ": no such file");
  }

  @Test
  void fromFile_directory_throwsCannotRead() {
    assertThatThrownBy(() -> AdminTokens.fromFile(dir, "--token-file"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("cannot read --token-file " + dir + ": ");
  }

  @Test
  void fromEnvironment_set_returnsItTrimmed() {
    assertThat(AdminTokens.fromEnvironment(Map.of("VITALS_ADMIN_TOKEN", " s3cret\n")))
        .contains("s3cret");
  }

  @Test
  void fromEnvironment_unsetOrEmpty_isNone() {
    assertThat(AdminTokens.fromEnvironment(Map.of())).isEmpty();
    assertThat(AdminTokens.fromEnvironment(Map.of("VITALS_ADMIN_TOKEN", ""))).isEmpty();
    Map<String, String> withNull = new HashMap<>();
    withNull.put("VITALS_ADMIN_TOKEN", null);
    assertThat(AdminTokens.fromEnvironment(withNull)).isEmpty();
  }

  @Test
  void fromEnvironment_blank_throwsWithoutTheValue() {
    assertThatThrownBy(() -> AdminTokens.fromEnvironment(Map.of("VITALS_ADMIN_TOKEN", "  ")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("VITALS_ADMIN_TOKEN is blank");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0123456789abcdef", "a-long-random-token-0f3a9c"})
  void requireStrong_sixteenBytesOrMore_returnsTheToken(String token) {
    assertThat(AdminTokens.requireStrong(token, false)).isEqualTo(token);
  }

  @ParameterizedTest
  @ValueSource(strings = {"s3cret", "0123456789abcde", "zq"})
  void requireStrong_shorterThanSixteenBytes_throwsNamingTheRuleNotTheToken(String token) {
    assertThatThrownBy(() -> AdminTokens.requireStrong(token, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("the admin token must be at least 16 bytes long")
        .hasMessageContaining("--allow-short-admin-token")
        .message()
        .doesNotContain(token);
  }

  @Test
  void requireStrong_shortButAllowed_returnsTheToken() {
    assertThat(AdminTokens.requireStrong("s3cret", true)).isEqualTo("s3cret");
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void requireStrong_placeholder_throwsEvenWhenShortTokensAreAllowed(boolean allowShort) {
    assertThatThrownBy(() -> AdminTokens.requireStrong(AdminTokens.PLACEHOLDER, allowShort))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("the admin token is the placeholder from vitals.env.example")
        .message()
        .doesNotContain(AdminTokens.PLACEHOLDER);
  }

  @Test
  void placeholder_isTheOneInVitalsEnvExample() throws Exception {
    Path example = Path.of("..", "vitals.env.example");
    assertThat(Files.readAllLines(example))
        .contains(AdminTokens.ENV + "=" + AdminTokens.PLACEHOLDER);
  }
}
