package dev.vitals.server.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

@Execution(ExecutionMode.CONCURRENT)
class ExecCheckTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private static CheckOutcome run(Duration timeout, String... command) throws Exception {
    return new ExecCheck(new CheckTarget.Exec(List.of(command))).run(timeout);
  }

  @Test
  void run_exitZero_passes_withItsOutput() throws Exception {
    CheckOutcome outcome = run(TIMEOUT, "sh", "-c", "echo writable; echo warn >&2");

    assertThat(outcome.passed()).isTrue();
    assertThat(outcome.output()).isEqualTo("exit 0: writable\nwarn");
  }

  @Test
  void run_nonZeroExit_fails() throws Exception {
    CheckOutcome outcome = run(TIMEOUT, "sh", "-c", "echo /data is read-only; exit 3");

    assertThat(outcome.passed()).isFalse();
    assertThat(outcome.output()).isEqualTo("exit 3: /data is read-only");
  }

  @Test
  void run_longOutput_isTruncated() throws Exception {
    CheckOutcome outcome = run(TIMEOUT, "sh", "-c", "yes x | head -c 100000");

    assertThat(outcome.passed()).isTrue();
    assertThat(outcome.output()).hasSize(CheckOutcome.MAX_OUTPUT_CHARS + 3).endsWith("...");
  }

  @Test
  void run_missingProgram_fails() throws Exception {
    CheckOutcome outcome = run(TIMEOUT, "/no/such/program");

    assertThat(outcome.passed()).isFalse();
    assertThat(outcome.output()).startsWith("cannot run /no/such/program: ");
  }

  @Test
  void run_timeout_killsTheWholeProcessTree(@TempDir Path dir) throws Exception {
    Path pid = dir.resolve("child.pid");

    CheckOutcome outcome =
        run(
            Duration.ofMillis(500),
            "sh",
            "-c",
            "sleep 300 & echo $! > " + pid + "; echo started; wait");

    assertThat(outcome.passed()).isFalse();
    assertThat(outcome.output()).isEqualTo("timed out after 500ms (killed): started");
    long child = Long.parseLong(Files.readString(pid).strip());
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> ProcessHandle.of(child).map(p -> !p.isAlive()).orElse(true));
  }
}
