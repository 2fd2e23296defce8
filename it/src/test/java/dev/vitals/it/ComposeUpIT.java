package dev.vitals.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/compose-up.sh}, the README's {@code docker compose up}: when a step before it was
 * skipped it starts nothing and prints one line naming what to run, instead of compose's own error
 * (a registry pull, {@code No such image}). Run against the real Docker daemon; its success path is
 * {@code .ci/run}'s compose step, with v2 and v1.
 */
class ComposeUpIT {
  private static final Path REPOSITORY =
      Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
  private static final Path SCRIPT = REPOSITORY.resolve("scripts/compose-up.sh");

  @TempDir Path stubs;

  @Test
  void composeUp_imageNotBuilt_namesTheBuildAndStartsNothing() throws Exception {
    String project = "vitals-compose-up-it-" + ProcessHandle.current().pid();

    Run run = run(Map.of("VITALS_IMAGE_TAG", "not-built-" + project), "-p", project);

    assertThat(run.exitCode).as(run.output).isEqualTo(1);
    assertThat(run.output)
        .contains(
            "compose-up: image vitals-server:not-built-"
                + project
                + " is not built: run scripts/base-image.sh && ./mvnw -B -q package");
    assertThat(docker("ps", "-aq", "--filter", "label=com.docker.compose.project=" + project))
        .isEmpty();
  }

  @Test
  void composeUp_checksFileBaseImageNotBuilt_namesTheBaseImageScript() throws Exception {
    // docker-compose.checks.yml also runs the base image (busybox), under its own name.
    Run run =
        run(
            Map.of("VITALS_IMAGE_TAG", "not-built"),
            "-f",
            "docker-compose.checks.yml",
            "-p",
            "vitals-compose-up-it-checks");

    assertThat(run.exitCode).as(run.output).isEqualTo(1);
    assertThat(run.output).contains("compose-up: image vitals-server:not-built is not built");
  }

  @Test
  void composeUp_placeholderOrShortAdminToken_saysSoWithoutTheTokenAndStartsNothing()
      throws Exception {
    String project = "vitals-compose-up-it-token-" + ProcessHandle.current().pid();

    Run placeholder =
        run(Map.of("VITALS_ADMIN_TOKEN", "replace-with-a-long-random-token"), "-p", project);
    Run tooShort = run(Map.of("VITALS_ADMIN_TOKEN", "short-secret"), "-p", project);

    assertThat(placeholder.exitCode).as(placeholder.output).isEqualTo(1);
    assertThat(placeholder.output)
        .contains("compose-up: VITALS_ADMIN_TOKEN is still the placeholder of vitals.env.example");
    assertThat(tooShort.exitCode).as(tooShort.output).isEqualTo(1);
    assertThat(tooShort.output)
        .contains("compose-up: VITALS_ADMIN_TOKEN is shorter than 16 bytes")
        .doesNotContain("short-secret");
    assertThat(docker("ps", "-aq", "--filter", "label=com.docker.compose.project=" + project))
        .isEmpty();
  }

  @Test
  void composeUp_noDockerDaemon_namesDockerUp() throws Exception {
    Path socket = stubs.resolve("no-daemon.sock");

    Run run = run(Map.of("DOCKER_HOST", "unix://" + socket));

    assertThat(run.exitCode).as(run.output).isEqualTo(1);
    assertThat(run.output)
        .startsWith("compose-up: no Docker daemon answers")
        .contains("run scripts/docker-up.sh");
  }

  @Test
  void composeUp_composeNotInstalled_namesComposeInstall() throws Exception {
    // The real docker for everything but its compose plugin, and a docker-compose that is absent.
    Path docker = onPath("docker");
    stub(
        "docker",
        String.join(
            "\n",
            "if [ \"$1\" = compose ]; then",
            "  echo \"docker: 'compose' is not a docker command.\" >&2",
            "  exit 1",
            "fi",
            "exec " + docker + " \"$@\""));
    stub("docker-compose", "echo 'docker-compose: command not found' >&2; exit 127");
    String path = stubs + File.pathSeparator + System.getenv("PATH");

    Run v2 = run(Map.of("PATH", path));
    Run v1 = run(Map.of("PATH", path), "--v1");

    assertThat(v2.exitCode).as(v2.output).isEqualTo(1);
    assertThat(v2.output)
        .contains(
            "compose-up: docker compose (v2) or docker-compose (v1) is not installed:"
                + " run scripts/compose-install.sh");
    assertThat(v1.exitCode).as(v1.output).isEqualTo(1);
    assertThat(v1.output)
        .contains(
            "compose-up: compose v1 (docker-compose) is not installed:"
                + " run scripts/compose-install.sh");
  }

  private record Run(int exitCode, String output) {}

  private static Run run(Map<String, String> environment, String... arguments)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
    command.addAll(Arrays.asList(arguments));
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(REPOSITORY.toFile()).redirectErrorStream(true);
    builder.environment().putAll(environment);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("compose-up.sh did not finish in 60 s: " + output);
    }
    return new Run(process.exitValue(), output);
  }

  private static String docker(String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("docker"));
    command.addAll(Arrays.asList(arguments));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("docker %s", command).isTrue();
    assertThat(process.exitValue()).as("docker %s: %s", command, output).isZero();
    return output.strip();
  }

  private static Path onPath(String name) {
    for (String dir : System.getenv("PATH").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new AssertionError(name + " is not on the PATH");
  }

  private void stub(String name, String body) throws IOException {
    Path file = stubs.resolve(name);
    Files.writeString(file, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}
