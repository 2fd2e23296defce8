package dev.vitals.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The real {@code vitals-server.jar} as a child process on 127.0.0.1 and a free port. */
final class ServerProcess implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");

  final Process process;
  final int port;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

  private ServerProcess(Process process) throws InterruptedException {
    this.process = process;
    Thread reader = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = out.readLine()) != null; ) {
          System.out.println("[vitals-server] " + line);
          lines.add(line);
        }
      } catch (IOException e) {
        // The process is gone; awaitLine reports it.
      }
    }, "server-output");
    reader.setDaemon(true);
    reader.start();
    Matcher matcher = LISTENING.matcher(awaitLine("listening on"));
    assertThat(matcher.find()).as("bound address in the ready line").isTrue();
    this.port = Integer.parseInt(matcher.group(1));
  }

  /** Starts the jar with {@code args} (after host and port) and waits for its ready line. */
  static ServerProcess start(String... args) throws IOException, InterruptedException {
    Path jar = Path.of(System.getProperty("vitals.server.jar", "target/vitals-server.jar"));
    assertThat(jar).as("the shaded server jar, built by 'package'").exists();
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
        jar.toString(), "--host", "127.0.0.1", "--port", "0"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().keySet().removeIf(name -> name.startsWith("VITALS_"));
    Process process = builder.start();
    try {
      return new ServerProcess(process);
    } catch (AssertionError | RuntimeException e) {
      process.destroyForcibly();
      throw e;
    }
  }

  /** The next line containing {@code text}; fails after 30 s or when the output ends. */
  String awaitLine(String text) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      String line = lines.poll(1, TimeUnit.SECONDS);
      if (line != null && line.contains(text)) {
        return line;
      }
      if (line == null && !process.isAlive() && lines.isEmpty()) {
        throw new AssertionError("server exited (" + process.exitValue()
            + ") before printing '" + text + "'");
      }
    }
    throw new AssertionError("server did not print '" + text + "' within 30 s");
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
