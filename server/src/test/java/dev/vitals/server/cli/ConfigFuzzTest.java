package dev.vitals.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vitals.common.AdminTokens;
import dev.vitals.common.Durations;
import dev.vitals.server.FuzzInput;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Command-line and environment parsing under arbitrary values: it either accepts them (exit 0, a
 * configuration that describes itself) or refuses them with exit 2 and one "vitals-server:" line;
 * it never throws and never starts anything.
 */
class ConfigFuzzTest {
  /**
   * Every option of the command, read from its picocli spec so that a new option is fuzzed without
   * editing this list; except help and version (nothing to configure) and the token file, which
   * would read whatever file the fuzzer names.
   */
  private static final String[] OPTIONS =
      new ServerLauncher(Map.of(), new PrintWriter(new StringWriter()))
          .commandLine().getCommandSpec().options().stream()
              .filter(option -> !option.usageHelp() && !option.versionHelp())
              .map(OptionSpec::longestName)
              .filter(name -> !name.equals("--admin-token-file"))
              .toArray(String[]::new);

  /** The variable of every option above, and the two that have no option of their own. */
  private static final String[] VARIABLES =
      Stream.concat(
              Stream.of(OPTIONS).map(EnvironmentDefaults::variableOf),
              Stream.of(InitialServices.VARIABLE, AdminTokens.ENV))
          .distinct()
          .toArray(String[]::new);

  @Test
  void options_includeEveryConfigurableOption() {
    assertThat(OPTIONS)
        .contains("--host", "--service", "--tls-reload-interval", "--admin-require-client-cert")
        .doesNotContain("--admin-token-file", "--help", "--version");
    assertThat(VARIABLES)
        .contains(
            "VITALS_SERVICES",
            "VITALS_ADMIN_TOKEN",
            "VITALS_TLS_RELOAD_INTERVAL",
            "VITALS_MAX_MESSAGE_SIZE");
  }

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
    ServerLauncher main = new ServerLauncher(env, new PrintWriter(err, true));
    var cli = main.commandLine();
    cli.setOut(new PrintWriter(new StringWriter(), true));
    int exit = cli.execute(args.toArray(String[]::new));
    var parsed = cli.getParseResult();
    if (exit == ServerCommand.EXIT_OK
        && parsed != null
        && (parsed.isUsageHelpRequested() || parsed.isVersionHelpRequested())) {
      // --help or --version anywhere (also clustered, "-he" found by the fuzzer): nothing built.
      assertThat(main.configured()).as("help for %s %s", args, env).isNull();
    } else if (exit == ServerCommand.EXIT_OK) {
      assertThat(main.configured()).as("accepted %s %s", args, env).isNotNull();
      assertThatCode(main.configured()::describe).doesNotThrowAnyException();
    } else {
      assertThat(exit).as("exit code for %s %s", args, env).isEqualTo(ServerCommand.EXIT_CONFIG);
      assertThat(err.toString()).as("error for %s %s", args, env).startsWith("vitals-server: ");
    }

    // The value parsers on their own: a result in range, or IllegalArgumentException.
    try {
      Duration duration = Durations.parse(text);
      assertThat(duration).as("parse('%s')", text).isGreaterThanOrEqualTo(Duration.ZERO);
    } catch (IllegalArgumentException expected) {
      // Not a duration at all, one too long ("2222222222221s", found by the fuzzer), or negative.
      assertThat(expected.getMessage())
          .contains("'" + text + "'")
          .containsAnyOf("is not a duration", "is too long", "is negative");
    }
    try {
      assertThat(SizeConverter.parse("--max-message-size", text, 2048, 1 << 24))
          .isBetween(2048, 1 << 24);
    } catch (IllegalArgumentException expected) {
      assertThat(expected.getMessage()).startsWith("--max-message-size ");
    }
  }
}
