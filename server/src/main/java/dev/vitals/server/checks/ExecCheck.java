package dev.vitals.server.checks;

import dev.vitals.common.Durations;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@code exec}: runs a command (no shell unless the command names one); exit 0 within the timeout
 * passes. Output (stdout and stderr together) goes to a temporary file rather than a pipe, so a
 * chatty command never blocks on a full pipe and no reader thread is needed; its start is kept. On
 * timeout the whole process tree is killed. The command gets the server's environment without
 * {@code VITALS_ADMIN_TOKEN}.
 */
final class ExecCheck implements Check {
  static final String ADMIN_TOKEN_VARIABLE = "VITALS_ADMIN_TOKEN";

  private final CheckTarget.Exec target;

  ExecCheck(CheckTarget.Exec target) {
    this.target = target;
  }

  @Override
  public CheckOutcome run(Duration timeout) throws IOException, InterruptedException {
    Path output = Files.createTempFile("vitals-check-", ".out");
    try {
      Process process;
      try {
        ProcessBuilder builder =
            new ProcessBuilder(target.command())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        // The admin token is the server's secret, not the command's.
        builder.environment().remove(ADMIN_TOKEN_VARIABLE);
        process = builder.start();
        // No input: a command that reads stdin sees end-of-file rather than waiting.
        process.getOutputStream().close();
      } catch (IOException e) {
        return CheckOutcome.fail("cannot run " + target.command().get(0) + ": " + e.getMessage());
      }
      boolean exited;
      try {
        exited = process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        killTree(process);
        throw e;
      }
      if (!exited) {
        killTree(process);
        return CheckOutcome.fail(
            "timed out after " + Durations.format(timeout) + " (killed)" + tail(output));
      }
      int exit = process.exitValue();
      return new CheckOutcome(exit == 0, "exit " + exit + tail(output));
    } finally {
      Files.deleteIfExists(output);
    }
  }

  /** Kills the process and everything it started (found before the parent dies and they move). */
  private static void killTree(Process process) {
    List<ProcessHandle> descendants = process.descendants().collect(Collectors.toList());
    process.destroyForcibly();
    descendants.forEach(ProcessHandle::destroyForcibly);
  }

  private static String tail(Path output) throws IOException {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(output)) {
      bytes = in.readNBytes(CheckOutcome.MAX_OUTPUT_CHARS * 2);
    }
    String text = new String(bytes, StandardCharsets.UTF_8).strip();
    return text.isEmpty() ? "" : ": " + text;
  }
}
