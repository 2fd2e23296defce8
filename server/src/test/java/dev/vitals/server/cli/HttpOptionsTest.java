package dev.vitals.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.server.ServerConfig;
import dev.vitals.server.http.HttpConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HttpOptionsTest {
  private final Map<String, String> env = new HashMap<>();
  private final StringWriter err = new StringWriter();
  private ServerLauncher main;

  private int run(String... args) {
    main = new ServerLauncher(env, new PrintWriter(err, true));
    var cli = main.commandLine();
    cli.setOut(new PrintWriter(new StringWriter(), true));
    return cli.execute(args);
  }

  private HttpConfig http() {
    ServerConfig config = main.configured();
    assertThat(config).as("configuration accepted").isNotNull();
    return config.http();
  }

  @Test
  void run_noArguments_servesHttpOn8081OfTheGrpcHost() {
    assertThat(run("--host", "127.0.0.1")).isZero();
    HttpConfig http = http();
    assertThat(http.enabled()).isTrue();
    assertThat(http.port()).isEqualTo(8081);
    assertThat(http.host()).isNull();
    assertThat(http.bindHost("127.0.0.1")).isEqualTo("127.0.0.1");
    assertThat(http.showDetails()).isEqualTo(HttpConfig.ShowDetails.ALWAYS);
    assertThat(http.maxConnections()).isEqualTo(100);
    assertThat(http.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(http.idleTimeout()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void run_httpPortMinusOne_disablesHttp() {
    assertThat(run("--http-port", "-1")).isZero();
    assertThat(http().enabled()).isFalse();
  }

  @Test
  void run_everyHttpFlag_isApplied() {
    assertThat(
            run(
                "--http-port",
                "9090",
                "--http-host",
                "127.0.0.2",
                "--http-show-details",
                "NEVER",
                "--http-max-connections",
                "7",
                "--http-request-timeout",
                "2s",
                "--http-idle-timeout",
                "30s"))
        .isZero();
    assertThat(http())
        .isEqualTo(
            new HttpConfig(
                9090,
                "127.0.0.2",
                HttpConfig.ShowDetails.NEVER,
                7,
                Duration.ofSeconds(2),
                Duration.ofSeconds(30)));
  }

  @Test
  void run_httpVariables_areDefaults_andFlagsWin() {
    env.put("VITALS_HTTP_PORT", "9191");
    env.put("VITALS_HTTP_SHOW_DETAILS", "never");
    assertThat(run("--http-show-details", "always")).isZero();
    assertThat(http().port()).isEqualTo(9191);
    assertThat(http().showDetails()).isEqualTo(HttpConfig.ShowDetails.ALWAYS);
  }

  @ParameterizedTest
  @CsvSource({
    "--http-port, 65536, --http-port 65536 is out of range -1-65535",
    "--http-port, -2, --http-port -2 is out of range -1-65535",
    "--http-port, web, --http-port 'web' is not a number",
    "--http-show-details, sometimes, --http-show-details 'sometimes' is not 'always' or 'never'",
    "--http-max-connections, 0, --http-max-connections 0 is out of range 1-1000000",
    "--http-request-timeout, 0, --http-request-timeout must be more than 0"
  })
  void run_badHttpValue_exitsTwoWithOneLine(String option, String value, String message) {
    assertThat(run(option, value)).isEqualTo(ServerCommand.EXIT_CONFIG);
    assertThat(err.toString()).startsWith("vitals-server: " + message);
  }
}
