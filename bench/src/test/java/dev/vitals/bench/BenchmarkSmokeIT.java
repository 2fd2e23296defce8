package dev.vitals.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Smoke mode: every benchmark runs once, one short iteration, tiny parameters, so that the
 * benchmarks never rot. It checks that they execute and that every call answered SERVING (each
 * benchmark's teardown fails otherwise, and so does the run), never how fast.
 *
 * <p>No fork: every benchmark runs in this JVM, one after the other. A fork per benchmark and
 * implementation (18 JVMs) made this test take a minute or two; the benchmarks' own {@code @Fork}
 * settings (heap sizes) matter for measurements, not for whether the code runs. {@code WatchHeap}
 * still starts its server in its own JVM, as it always does.
 */
class BenchmarkSmokeIT {
  private static final List<String> BENCHMARKS =
      List.of(
          "dev.vitals.bench.CheckLatency.check",
          "dev.vitals.bench.CheckThroughput.checks",
          "dev.vitals.bench.WatchFanOut.flip",
          "dev.vitals.bench.WatchHeap.checkWithIdleWatchers",
          "dev.vitals.bench.Startup.startToFirstServing",
          "dev.vitals.bench.RpcTracerCost.unaryCall");

  @Test
  void everyBenchmark_runsAndEveryCallAnswersServing() throws RunnerException {
    Options options =
        new OptionsBuilder()
            .include("dev\\.vitals\\.bench\\.")
            .forks(0)
            .warmupIterations(0)
            .measurementIterations(1)
            .measurementTime(TimeValue.milliseconds(100))
            .param("concurrency", "4")
            .param("watchers", "200")
            .param("channels", "2")
            .shouldFailOnError(true)
            .build();

    Collection<RunResult> results = new Runner(options).run();

    Map<String, List<String>> implsByBenchmark =
        results.stream()
            .collect(
                Collectors.groupingBy(
                    r -> r.getParams().getBenchmark(),
                    Collectors.mapping(r -> r.getParams().getParam("impl"), Collectors.toList())));
    assertThat(implsByBenchmark).containsOnlyKeys(BENCHMARKS);
    assertThat(implsByBenchmark.get("dev.vitals.bench.CheckLatency.check"))
        .containsExactlyInAnyOrder(
            "vitals-v1", "vitals-legacy", "reference-default", "reference-direct");
    assertThat(implsByBenchmark.get("dev.vitals.bench.WatchFanOut.flip"))
        .containsExactlyInAnyOrder("vitals-v1", "reference-default", "reference-direct");
    for (RunResult result : results) {
      Result<?> primary = result.getPrimaryResult();
      assertThat(primary.getSampleCount())
          .as("samples of %s %s", result.getParams().getBenchmark(), result.getParams())
          .isPositive();
      assertThat(primary.getScore())
          .as("score of %s", result.getParams().getBenchmark())
          .isFinite()
          .isPositive();
    }
    for (RunResult result : results) {
      if (result.getParams().getBenchmark().endsWith("WatchHeap.checkWithIdleWatchers")) {
        assertThat(result.getSecondaryResults()).containsKey("bytesPerIdleWatcher");
        assertThat(result.getSecondaryResults().get("bytesPerIdleWatcher").getScore())
            .as("heap per idle watcher of %s", result.getParams().getParam("impl"))
            .isPositive();
      }
      if (result.getParams().getBenchmark().endsWith("CheckThroughput.checks")) {
        assertThat(result.getSecondaryResults().get("calls").getScore()).isPositive();
      }
    }
  }
}
