package dev.vitals.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/** A {@link ServeMain} in its own JVM, so that its heap can be measured apart from the clients. */
// close() may be interrupted: it waits for channels and servers to terminate.
@SuppressWarnings("try")
final class ServerProcess implements AutoCloseable {
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  private final Process process;
  private final BufferedReader out;
  private final Writer in;
  final int port;

  ServerProcess(Impl impl) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of(java, "-Xms1g", "-Xmx1g"));
    // Extra options for the server's JVM only (e.g. -XX:+UseCompactObjectHeaders on Java 25):
    // -Dvitals.bench.serverJvmArgs="..." on the benchmark's JVM (JMH: -jvmArgsAppend).
    String extra = System.getProperty("vitals.bench.serverJvmArgs", "").trim();
    if (!extra.isEmpty()) {
      command.addAll(List.of(WHITESPACE.split(extra)));
    }
    command.addAll(
        List.of(
            "-cp", System.getProperty("java.class.path"), ServeMain.class.getName(), "--stdin"));
    command.add(impl.label());
    process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    port = Integer.parseInt(expect("port"));
  }

  /** The server's heap in use after a full GC, in bytes. */
  long heapAfterGc() throws IOException {
    in.write("heap\n");
    in.flush();
    return Long.parseLong(expect("heap"));
  }

  private String expect(String key) throws IOException {
    String line = out.readLine();
    if (line == null || !line.startsWith(key + " ")) {
      process.destroyForcibly();
      throw new IllegalStateException("server process said '" + line + "', expected " + key);
    }
    return line.substring(key.length() + 1).trim();
  }

  /** Closes its standard input, which stops it; fails if it does not exit cleanly. */
  @Override
  public void close() throws IOException, InterruptedException {
    in.close();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("server process did not exit");
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException("server process exited with " + process.exitValue());
    }
  }
}
