package dev.vitals.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.server.ServerConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChecksOptionsTest {
  private static final String GOOD =
      "checks:\n  db:\n    tcp: { address: \"db:5432\" }\nservices:\n  orders: { checks: [db] }\n";

  @TempDir Path dir;
  private final Map<String, String> env = new HashMap<>();
  private final StringWriter err = new StringWriter();
  private ServerLauncher launcher;

  private int run(String... args) {
    launcher = new ServerLauncher(env, new PrintWriter(err, true));
    var cli = launcher.commandLine();
    cli.setOut(new PrintWriter(new StringWriter(), true));
    return cli.execute(args);
  }

  private Path file(String yaml) throws Exception {
    Path file = dir.resolve("vitals.yaml");
    Files.writeString(file, yaml, StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void config_flag_readsTheChecks() throws Exception {
    assertThat(run("--config", file(GOOD).toString())).isZero();

    ServerConfig config = launcher.configured();
    assertThat(config.checks().checks()).containsOnlyKeys("db");
    assertThat(config.checks().services()).containsOnlyKeys("orders", "");
  }

  @Test
  void config_variable_readsTheChecks() throws Exception {
    env.put("VITALS_CONFIG", file(GOOD).toString());

    assertThat(run()).isZero();
    assertThat(launcher.configured().checks().checks()).containsOnlyKeys("db");
  }

  @Test
  void config_flagWinsOverTheVariable() throws Exception {
    env.put("VITALS_CONFIG", dir.resolve("missing.yaml").toString());

    assertThat(run("--config", file(GOOD).toString())).isZero();
  }

  @Test
  void config_blankVariable_isNoFile() {
    env.put("VITALS_CONFIG", " ");

    assertThat(run()).isZero();
    assertThat(launcher.configured().checks().checks()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "checks:\\n  db:\\n    tcp: {}\\n| vitals-server: vitals.yaml:3: checks.db.tcp.address: missing",
        "checks:\\n  db: { tcp: { address: \"a:1\" }, interval: -5s }\\n"
            + "| vitals-server: vitals.yaml:2: checks.db.interval: must be positive, got '-5s'",
        "services:\\n  orders: { checks: [db] }\\n"
            + "| vitals-server: vitals.yaml:2: services.orders.checks[0]: no check named db",
      })
  void config_badFile_exits2WithTheParsersLine(String yaml, String line) throws Exception {
    Path file = file(yaml.replace("\\n", "\n"));

    assertThat(run("--config", file.toString())).isEqualTo(ServerCommand.EXIT_CONFIG);
    assertThat(err.toString().lines()).containsExactly(line);
  }

  @Test
  void config_missingFile_exits2() {
    assertThat(run("--config", dir.resolve("nope.yaml").toString()))
        .isEqualTo(ServerCommand.EXIT_CONFIG);
    assertThat(err.toString()).startsWith("vitals-server: --config ").contains("no such file");
  }

  @Test
  void service_readinessProfile_exits2() {
    assertThat(run("--service", "readiness=SERVING")).isEqualTo(ServerCommand.EXIT_CONFIG);
    assertThat(err.toString()).contains("readiness profile follows");
  }
}
