package dev.vitals.testing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text format 0.0.4: every line must be a comment ({@code #
 * HELP}, {@code # TYPE}) or a sample {@code name{label="value",...} value}; anything else fails the
 * test. Samples are keyed by name and labels as written, e.g. {@code up{job="a"}}.
 */
public final class PrometheusText {
  private static final Pattern SAMPLE =
      Pattern.compile(
          "([a-zA-Z_:][a-zA-Z0-9_:]*)"
              + "(\\{(?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\",?)*\\})?"
              + " ([-+]?(?:[0-9.eE+-]+|Inf|NaN))( -?[0-9]+)?");
  private static final Pattern COMMENT =
      Pattern.compile("# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .*");

  private PrometheusText() {}

  /**
   * The samples of {@code text}, keyed by name and labels as written.
   *
   * @throws AssertionError at the first line that is not a comment or a sample, or a sample twice
   */
  public static Map<String, Double> parse(String text) {
    Map<String, Double> samples = new LinkedHashMap<>();
    for (String line : text.split("\n", -1)) {
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith("#")) {
        if (!COMMENT.matcher(line).matches()) {
          throw new AssertionError("not a HELP or TYPE line: " + line);
        }
        continue;
      }
      Matcher sample = SAMPLE.matcher(line);
      if (!sample.matches()) {
        throw new AssertionError("not a sample line: " + line);
      }
      String key = sample.group(1) + (sample.group(2) == null ? "" : sample.group(2));
      if (samples.put(key, Double.parseDouble(sample.group(3).replace("Inf", "Infinity")))
          != null) {
        throw new AssertionError("sample twice: " + key);
      }
    }
    return samples;
  }
}
