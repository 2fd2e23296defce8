package dev.vitals.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.common.HealthStatus;
import dev.vitals.server.VitalsServer;
import dev.vitals.testing.FreePort;
import dev.vitals.testing.GrpcCleanupExtension;
import dev.vitals.testing.server.StartedServers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The shipped artifacts, run as processes: the shaded {@code vitals.jar} and the launcher script.
 * The tests run side by side: each starts its own process, and the server's statuses are set once.
 */
@Execution(ExecutionMode.CONCURRENT)
class VitalsJarIT {
  @RegisterExtension
  static final GrpcCleanupExtension cleanup = GrpcCleanupExtension.afterAllTests();

  private static final Path JAR = Path.of(System.getProperty("vitals.jar", "target/vitals.jar"));
  private static final Path SCRIPT =
      Path.of(System.getProperty("vitals.script", "src/main/scripts/vitals"));
  private static final String JAVA =
      Path.of(System.getProperty("java.home"), "bin", "java").toString();

  private static VitalsServer server;
  private static String address;

  @BeforeAll
  static void startServer() {
    assertThat(JAR).as("the shaded jar; run 'mvn verify'").isRegularFile();
    server = StartedServers.loopback(cleanup);
    server.registry().set("db", HealthStatus.NOT_SERVING);
    address = "127.0.0.1:" + server.port();
  }

  @Test
  void jar_help_exits0AndListsSubcommandsAndExitCodes() throws Exception {
    Cli.Result result = run(Map.of(), JAVA, "-jar", JAR.toString(), "--help");
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(0);
    assertThat(result.out())
        .contains("Usage: vitals")
        .contains("check", "watch", "list", "set", "clear", "statuses", "probe")
        .contains("Exit codes");
  }

  @Test
  void jar_version_comesFromTheManifest() throws Exception {
    Cli.Result result = run(Map.of(), JAVA, "-jar", JAR.toString(), "--version");
    assertThat(result.out()).startsWith("vitals 0.").doesNotContain("development");
  }

  @Test
  void jar_probe_againstRealServer() throws Exception {
    Cli.Result serving = probe("-addr", address);
    assertThat(serving.exitCode()).as(serving.toString()).isEqualTo(0);
    assertThat(serving.out()).isEqualTo("status: SERVING\n");

    Cli.Result notServing = probe("-addr", address, "-service", "db");
    assertThat(notServing.exitCode()).as(notServing.toString()).isEqualTo(4);
    assertThat(notServing.err())
        .isEqualTo("vitals probe: service unhealthy (responded with \"NOT_SERVING\")\n");
  }

  @Test
  void script_withVitalsJar_reportsConnectionFailureInOneLine() throws Exception {
    Cli.Result result =
        run(
            Map.of("VITALS_JAR", JAR.toString()),
            "sh",
            SCRIPT.toString(),
            "check",
            "--addr",
            FreePort.address());
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
    assertThat(result.err()).startsWith("vitals check: connection failure").hasLineCount(1);
    assertThat(result.out()).isEmpty();
  }

  @Test
  void script_list_json() throws Exception {
    Cli.Result result =
        run(
            Map.of("VITALS_JAR", JAR.toString()),
            "sh",
            SCRIPT.toString(),
            "list",
            "--addr",
            address,
            "--output",
            "json");
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(0);
    assertThat(result.out()).contains("{\"service\":\"db\",\"status\":\"NOT_SERVING\"}");
  }

  /**
   * {@code vitals probe} from the jar, with 10 s to connect: its default 1 s (grpc_health_probe's)
   * is not always enough for a JVM starting on a busy machine, and the exit codes are what is
   * checked here.
   */
  private static Cli.Result probe(String... arguments) throws Exception {
    List<String> command =
        new ArrayList<>(List.of(JAVA, "-jar", JAR.toString(), "probe", "-connect-timeout", "10s"));
    command.addAll(List.of(arguments));
    return run(Map.of(), command.toArray(String[]::new));
  }

  private static Cli.Result run(Map<String, String> env, String... command)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(List.of(command));
    builder.environment().putAll(env);
    // The script runs "java": make it this JVM's.
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Process process = builder.start();
    process.getOutputStream().close();
    CompletableFuture<String> out = read(process.getInputStream());
    CompletableFuture<String> err = read(process.getErrorStream());
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("did not finish within 60 s: " + new ArrayList<>(List.of(command)));
    }
    return new Cli.Result(process.exitValue(), out.join(), err.join());
  }

  private static CompletableFuture<String> read(java.io.InputStream stream) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
  }
}
