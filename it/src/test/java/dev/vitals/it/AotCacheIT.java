package dev.vitals.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The image's AOT caches (JEP 483/514/515), made by a training run when the image was built
 * (image/src/main/aot/aot-train.sh): the server and {@code vitals probe} load their classes from
 * them, as the JVM's own class-loading log ({@code -Xlog:class+load}) shows; and a cache the JVM
 * cannot use (made for other JVM options, or not a cache at all) costs only the speed: the server
 * starts without it and serves.
 */
@Testcontainers
@Order(1)
class AotCacheIT {
  /**
   * Where the JVM logs each class it loads, and from where ({@code source: shared objects file}).
   */
  private static final String SERVER_CLASS_LOG = "/tmp/server-classes.txt";

  private static final String FROM_CACHE = " source: shared objects file";

  private static final String FROM_JAR = " source: file:/app/vitals-server.jar";

  /** {@code vitals probe} with room to connect on a busy machine (as in CliIT). */
  private static final String PROBE =
      "vitals probe -addr localhost:8001 -connect-timeout 30s -rpc-timeout 30s";

  /** The image as built, its server logging where each class came from. */
  @Container
  static final VitalsServerContainer server =
      new VitalsServerContainer()
          .withEnv("JAVA_TOOL_OPTIONS", "-Xlog:class+load=info:file=" + SERVER_CLASS_LOG);

  /**
   * The server run with other JVM options than its cache was made with: {@code _JAVA_OPTIONS} comes
   * after {@code /app/jvm.options}, so the object headers differ from the training run's.
   */
  @Container
  static final VitalsServerContainer otherOptions =
      new VitalsServerContainer()
          .withEnv(
              "_JAVA_OPTIONS",
              "-XX:-UseCompactObjectHeaders -Xlog:class+load=info:file=" + SERVER_CLASS_LOG);

  /** The server's cache replaced by a file that is not a cache. */
  @Container
  static final VitalsServerContainer notACache =
      new VitalsServerContainer()
          .withCopyToContainer(
              Transferable.of("not an AOT cache\n".getBytes(StandardCharsets.UTF_8), 0644),
              "/app/vitals-server.aot")
          .withEnv("JAVA_TOOL_OPTIONS", "-Xlog:class+load=info:file=" + SERVER_CLASS_LOG);

  @Test
  void runtime_isJava25() throws Exception {
    ExecResult result = exec(server, "java -version");
    assertThat(result.getExitCode()).as(result.getStderr()).isZero();
    assertThat(result.getStderr()).contains("version \"25");
  }

  @Test
  void server_loadsItsClassesFromTheCache() throws Exception {
    // Main is the first class of the application's own: from the cache, not from the jar.
    assertThat(serverClassLog(server))
        .contains("dev.vitals.server.Main" + FROM_CACHE)
        .contains("dev.vitals.server.grpc.HealthV1Service" + FROM_CACHE);
  }

  @Test
  void probe_loadsItsClassesFromItsOwnCache() throws Exception {
    // The launcher's own options, with the class-loading log added after them (_JAVA_OPTIONS);
    // the server's JAVA_TOOL_OPTIONS are not the probe's.
    ExecResult result =
        exec(
            server,
            "_JAVA_OPTIONS=-Xlog:class+load=info:file=/tmp/probe.txt "
                + PROBE
                + " && cat /tmp/probe.txt");
    assertThat(result.getExitCode()).as(result.getStderr()).isZero();
    assertThat(result.getStdout())
        .contains("status: SERVING")
        .contains("dev.vitals.cli.Main" + FROM_CACHE)
        .contains("dev.vitals.cli.ProbeCommand" + FROM_CACHE);
  }

  @Test
  void probe_outputHasNoJvmMessages() throws Exception {
    // The image's CLI options send the JVM's own messages to stderr: stdout is the answer alone.
    ExecResult result = exec(server, PROBE);
    assertThat(result.getExitCode()).as(result.getStderr()).isZero();
    assertThat(result.getStdout()).isEqualTo("status: SERVING\n");
    assertThat(result.getStderr()).doesNotContain("WARNING");
  }

  @Test
  void cacheForOtherOptions_serverStartsWithoutItAndServes() throws Exception {
    assertServesWithoutTheCache(otherOptions, "UseCompactObjectHeaders");
  }

  @Test
  void notACache_serverStartsWithoutItAndServes() throws Exception {
    assertServesWithoutTheCache(notACache, "AOT cache");
  }

  /**
   * Started and SERVING (the container's wait strategy), its classes from the jar, a probe
   * answered, and the JVM said in its output why it did not use the cache.
   */
  private static void assertServesWithoutTheCache(VitalsServerContainer container, String why)
      throws Exception {
    assertThat(container.getLogs()).contains(why);
    assertThat(serverClassLog(container))
        .contains("dev.vitals.server.Main" + FROM_JAR)
        .doesNotContainPattern("dev\\.vitals\\S*" + FROM_CACHE);
    assertThat(exec(container, PROBE).getExitCode()).isZero();
  }

  private static String serverClassLog(VitalsServerContainer container) throws Exception {
    ExecResult result = container.execInContainer("cat", SERVER_CLASS_LOG);
    assertThat(result.getExitCode()).as(result.getStderr()).isZero();
    return result.getStdout();
  }

  /**
   * Runs {@code command} in the container without the server's logging options in its environment:
   * a JVM started there must not write the server's class log.
   */
  private static ExecResult exec(VitalsServerContainer container, String command) throws Exception {
    return container.execInContainer(
        "sh", "-c", "unset JAVA_TOOL_OPTIONS _JAVA_OPTIONS; " + command);
  }
}
