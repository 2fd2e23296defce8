package dev.vitals.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The JVM the image runs, as the server itself reports it on {@code /metrics}: the options of
 * {@code /app/jvm.options} (image/src/main/jvm) are in effect, in a container with a memory limit
 * as the Kubernetes Deployment and docker-compose.yml give it, and compact object headers on. The
 * runtime (Java 25) and its AOT caches: {@link AotCacheIT}.
 */
@Testcontainers
class ImageRuntimeIT {
  private static final long MEMORY_LIMIT = 256L * 1024 * 1024;

  @Container
  static final VitalsServerContainer server =
      new VitalsServerContainer()
          .withCreateContainerCmdModifier(
              cmd -> cmd.getHostConfig().withMemory(MEMORY_LIMIT).withMemorySwap(MEMORY_LIMIT));

  @Test
  void metrics_gcIsSerial() throws Exception {
    String metrics = metrics();
    // Serial's collectors are "Copy" (young) and "MarkSweepCompact" (old); G1's are "G1 ...".
    assertThat(metrics)
        .contains("jvm_gc_collection_seconds_count{gc=\"Copy\"}")
        .doesNotContain("G1");
  }

  @Test
  void metrics_maxHeapIsThreeQuartersOfTheContainerLimit() throws Exception {
    Matcher max =
        Pattern.compile("(?m)^jvm_memory_max_bytes\\{area=\"heap\"} (\\S+)$").matcher(metrics());
    assertThat(max.find()).as("jvm_memory_max_bytes{area=\"heap\"} in /metrics").isTrue();
    // -XX:MaxRAMPercentage=75 of 256 MiB; Serial reports the heap less one survivor space.
    assertThat(Double.parseDouble(max.group(1))).isBetween(0.6 * MEMORY_LIMIT, 0.75 * MEMORY_LIMIT);
  }

  @Test
  void jvmOptions_turnOnCompactObjectHeaders() throws Exception {
    // The server's options file on the image's runtime, asked for the flag's final value.
    ExecResult result =
        server.execInContainer(
            "sh",
            "-c",
            "java @/app/jvm.options -XX:+PrintFlagsFinal -version | grep -w UseCompactObjectHeaders");
    assertThat(result.getExitCode()).as(result.getStdout() + result.getStderr()).isZero();
    assertThat(result.getStdout()).containsPattern("UseCompactObjectHeaders\\s+= true");
  }

  private static String metrics() throws Exception {
    ExecResult result =
        server.execInContainer("wget", "-q", "-O-", "http://127.0.0.1:8081/metrics");
    assertThat(result.getExitCode()).as(result.getStderr()).isZero();
    return result.getStdout();
  }
}
