package dev.vitals.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real {@code vitals-server.jar} as a child process, and what it prints. The jar is {@code
 * target/vitals-server.jar} or the system property {@code vitals.server.jar}.
 */
public final class ServerProcess implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");
  private static final String END = "(end of output)";

  private final Process process;
  private int port = -1;

  private final BlockingQueue<String> unread = new LinkedBlockingQueue<>();
  private final List<String> printed = new CopyOnWriteArrayList<>();

  private ServerProcess(Process process) {
    this.process = process;
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader out =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                  System.out.println("[vitals-server] " + line);
                  printed.add(line);
                  unread.add(line);
                }
              } catch (IOException e) {
                // The process is gone; awaitLine reports the end of its output.
              }
              unread.add(END);
            },
            "server-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** Runs the jar with exactly {@code args}, without waiting for anything. */
  public static ServerProcess launch(String... args) throws IOException {
    Path jar = Path.of(System.getProperty("vitals.server.jar", "target/vitals-server.jar"));
    assertThat(jar).as("the shaded server jar, built by 'package'").exists();
    List<String> command = java();
    command.addAll(List.of("-jar", jar.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().keySet().removeIf(name -> name.startsWith("VITALS_"));
    return new ServerProcess(builder.start());
  }

  /**
   * This JVM's {@code java}, with the JaCoCo agent when this JVM has one (a coverage build), so
   * that the child's code counts towards the module's coverage report too.
   */
  public static List<String> java() {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("-javaagent:") && arg.contains("jacoco")) {
        command.add(arg);
      }
    }
    return command;
  }

  /**
   * Starts the jar on 127.0.0.1 and a free port, with {@code args}, and waits until it is ready.
   */
  public static ServerProcess start(String... args) throws IOException, InterruptedException {
    // Any free HTTP port too: the default 8081 would collide between tests run side by side.
    List<String> all =
        new ArrayList<>(List.of("--host", "127.0.0.1", "--port", "0", "--http-port", "0"));
    all.addAll(List.of(args));
    ServerProcess server = launch(all.toArray(String[]::new));
    try {
      Matcher matcher = LISTENING.matcher(server.awaitLine("listening on"));
      assertThat(matcher.find()).as("bound address in the ready line").isTrue();
      server.port = Integer.parseInt(matcher.group(1));
      return server;
    } catch (AssertionError | RuntimeException e) {
      server.close();
      throw e;
    }
  }

  /** Every line printed so far. */
  public List<String> printed() {
    return List.copyOf(printed);
  }

  /** The next unread line containing {@code text}; fails after 30 s or when the output ends. */
  public String awaitLine(String text) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    List<String> skipped = new ArrayList<>();
    while (System.nanoTime() < deadline) {
      String line = unread.poll(1, TimeUnit.SECONDS);
      if (line != null && line.contains(text)) {
        return line;
      }
      if (END.equals(line)) {
        unread.add(END); // later calls see the end too
        throw new AssertionError(
            "server exited before printing '" + text + "'; it printed " + skipped);
      }
      if (line != null) {
        skipped.add(line);
      }
    }
    throw new AssertionError(
        "server did not print '" + text + "' within 30 s; it printed " + skipped);
  }

  /** The child process. */
  public Process process() {
    return process;
  }

  /** The bound port, once {@link #start} has seen the ready line; -1 after {@link #launch}. */
  public int port() {
    return port;
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
