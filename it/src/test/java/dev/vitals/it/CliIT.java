package dev.vitals.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The {@code vitals} CLI as shipped in the image, run inside the container: its exit codes.
 *
 * <p>It runs beside the other IT classes. Each command here is a JVM start in the container, and
 * {@code vitals probe} allows 1 s to connect by default (as grpc_health_probe does), which a CPU
 * shared with other containers' start-up can exceed: the probes that connect get 10 s ({@link
 * #PROBE}). What is asserted is the exit code, not the default timeouts (ProbeCommandTest's).
 *
 * <p>Its tests run side by side (each command is a JVM start that mostly waits): none changes what
 * another reads ({@code set} with the wrong token changes nothing; the admin commands use a service
 * of their own).
 */
@Testcontainers
@Execution(ExecutionMode.CONCURRENT)
@Order(1)
class CliIT {
  /** {@code vitals probe} with room to connect on a busy machine. */
  private static final String PROBE = "vitals probe -connect-timeout 10s -rpc-timeout 10s ";

  private static final String TOKEN = "cli-it-token-41d2";

  @Container
  static final VitalsServerContainer server =
      new VitalsServerContainer().withAdminToken(TOKEN).withServices("db=SERVING,down=NOT_SERVING");

  @ParameterizedTest(name = "[{index}] exit {0}: vitals probe {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "0 | -addr localhost:8001",
        "0 | -addr localhost:8001 -service db",
        "4 | -addr localhost:8001 -service down",
        "2 | -addr localhost:1",
      })
  void probe_exitCode(int expected, String arguments) throws Exception {
    assertExit(expected, PROBE + arguments);
  }

  @ParameterizedTest(name = "[{index}] exit {0}: vitals {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "0 | check --addr localhost:8001 --service db",
        "0 | check --addr localhost:8001 --service db --legacy",
        "4 | check --addr localhost:8001 --service down",
        "3 | check --addr localhost:8001 --service nosuch",
        "2 | check --addr localhost:1",
        "0 | list --addr localhost:8001",
        "1 | nosuch-command",
        "1 | check --addr localhost:8001 --timeout forever",
      })
  void vitals_exitCode(int expected, String arguments) throws Exception {
    assertExit(expected, "vitals " + arguments);
  }

  @Test
  void set_wrongToken_exitsRpcFailureAndChangesNothing() throws Exception {
    ExecResult result =
        vitals(
            "VITALS_ADMIN_TOKEN=wrong-token "
                + "vitals set --addr localhost:8001 --service db --status NOT_SERVING");
    assertThat(result.getExitCode()).as(describe(result)).isEqualTo(3);
    assertThat(result.getStderr()).contains("UNAUTHENTICATED");
    assertExit(0, PROBE + "-addr localhost:8001 -service db");
  }

  @Test
  void setCheckClear_withToken_exitCodesFollowTheStatus() throws Exception {
    String admin = "VITALS_ADMIN_TOKEN=" + TOKEN + " vitals ";
    String check = "vitals check --addr localhost:8001 --service cli-svc";
    assertExit(3, check);
    assertExit(0, admin + "set --addr localhost:8001 --service cli-svc --status SERVING");
    assertExit(0, check);
    assertExit(0, admin + "set --addr localhost:8001 --service cli-svc --status NOT_SERVING");
    assertExit(4, check);
    assertExit(0, admin + "clear --addr localhost:8001 --service cli-svc");
    assertExit(3, check);
  }

  private static void assertExit(int expected, String command) throws Exception {
    ExecResult result = vitals(command);
    assertThat(result.getExitCode()).as(describe(result)).isEqualTo(expected);
  }

  /** Runs a shell command line in the container (the shell sets per-command environment). */
  private static ExecResult vitals(String commandLine) throws IOException, InterruptedException {
    return server.execInContainer("sh", "-c", commandLine);
  }

  private static String describe(ExecResult result) {
    return "exit "
        + result.getExitCode()
        + "\nstdout: "
        + result.getStdout()
        + "\nstderr: "
        + result.getStderr();
  }
}
