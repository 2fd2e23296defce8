package dev.vitals.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Command-line and environment parsing under arbitrary values: it either accepts them (exit 0,
 * a configuration that describes itself) or refuses them with exit 2 and one "vitals-server:"
 * line; it never throws and never starts anything.
 */
class ConfigFuzzTest {
  /** Every option except the token file, which would read whatever file the fuzzer names. */
  private static final String[] OPTIONS = {"--host", "--port", "--workers", "--service",
      "--drain-delay", "--shutdown-grace", "--max-list-entries", "--max-message-size",
      "--max-watchers", "--max-streams-per-connection", "--keepalive-time", "--keepalive-timeout",
      "--permit-keepalive-time", "--max-connection-idle", "--max-connection-age",
      "--max-connection-age-grace", "--tls-cert", "--tls-key", "--tls-client-ca",
      "--tls-client-auth", "--admin-require-client-cert"};
  private static final String[] VARIABLES = {"VITALS_SERVICES", "VITALS_ADMIN_TOKEN",
      "VITALS_MAX_MESSAGE_SIZE", "VITALS_MAX_WATCHERS", "VITALS_KEEPALIVE_TIME",
      "VITALS_MAX_CONNECTION_AGE", "VITALS_TLS_CLIENT_AUTH", "VITALS_ADMIN_REQUIRE_CLIENT_CERT"};

  @FuzzTest(maxDuration = "30s")
  void config_arbitraryArgumentsAndEnvironment_acceptOrExitTwo(byte[] data) {
    run(new FuzzInput(data));
  }

  static List<byte[]> seeds() {
    Random random = new Random(11);
    List<byte[]> seeds = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      byte[] seed = new byte[random.nextInt(200)];
      random.nextBytes(seed);
      seeds.add(seed);
    }
    return seeds;
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void config_seededArgumentsAndEnvironment_acceptOrExitTwo(byte[] data) {
    run(new FuzzInput(data));
  }

  private static void run(FuzzInput in) {
    Map<String, String> env = new HashMap<>();
    for (int i = in.choose(3); i > 0; i--) {
      env.put(VARIABLES[in.choose(VARIABLES.length)], in.string(24));
    }
    List<String> args = new ArrayList<>();
    for (int i = in.choose(5); i > 0; i--) {
      args.add(OPTIONS[in.choose(OPTIONS.length)]);
      args.add(in.string(24));
    }
    String text = in.string(24);
    StringWriter err = new StringWriter();
    Main main = new Main(env, new PrintWriter(err, true));
    var cli = main.commandLine();
    cli.setOut(new PrintWriter(new StringWriter(), true));
    int exit = cli.execute(args.toArray(String[]::new));
    var parsed = cli.getParseResult();
    if (exit == Main.EXIT_OK && parsed != null
        && (parsed.isUsageHelpRequested() || parsed.isVersionHelpRequested())) {
      // --help or --version anywhere (also clustered, "-he" found by the fuzzer): nothing built.
      assertThat(main.built).as("help for %s %s", args, env).isNull();
    } else if (exit == Main.EXIT_OK) {
      assertThat(main.built).as("accepted %s %s", args, env).isNotNull();
      assertThatCode(main.built::describe).doesNotThrowAnyException();
    } else {
      assertThat(exit).as("exit code for %s %s", args, env).isEqualTo(Main.EXIT_CONFIG);
      assertThat(err.toString()).as("error for %s %s", args, env).startsWith("vitals-server: ");
    }

    // The value parsers on their own: a result in range, or IllegalArgumentException.
    try {
      Duration duration = Durations.parse(text);
      assertThat(duration).as("parse('%s')", text).isGreaterThanOrEqualTo(Duration.ZERO);
    } catch (IllegalArgumentException expected) {
      // Not a duration at all, one too long ("2222222222221s", found by the fuzzer), or negative.
      assertThat(expected.getMessage()).contains("'" + text + "'")
          .containsAnyOf("is not a duration", "is too long", "is negative");
    }
    try {
      assertThat(Main.parseSize("--max-message-size", text, 2048, 1 << 24))
          .isBetween(2048, 1 << 24);
    } catch (IllegalArgumentException expected) {
      assertThat(expected.getMessage()).startsWith("--max-message-size ");
    }
  }
}
