package dev.vitals.server.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The example, mutated at random (seeded, so a failure repeats): the parser either accepts
 * the text or rejects it with one {@code file:line: } message, never another exception.
 */
class ChecksConfigParserRandomTest {
  private static final String ALPHABET =
      " \n\t:{}[],\"'-#&*!|>%@`?.0123456789abcdefxyz\u00e9\u0001";

  @Test
  void parse_mutatedExample_acceptsOrRejectsWithOneLine() {
    Random random = new Random(20261130L);
    int accepted = 0;
    for (int i = 0; i < 3000; i++) {
      StringBuilder text = new StringBuilder(ChecksConfigParserTest.EXAMPLE);
      int edits = 1 + random.nextInt(4);
      for (int e = 0; e < edits; e++) {
        int at = random.nextInt(text.length());
        switch (random.nextInt(3)) {
          case 0:
            text.deleteCharAt(at);
            break;
          case 1:
            text.insert(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            break;
          default:
            text.setCharAt(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            break;
        }
      }
      String yaml = text.toString();
      try {
        ChecksConfigParser.parse("vitals.yaml", new StringReader(yaml));
        accepted++;
      } catch (ChecksConfigException e) {
        assertThat(e.getMessage())
            .as(yaml)
            .matches("(?s)vitals\\.yaml:[1-9][0-9]*: .+")
            .doesNotContain("\n");
      } catch (RuntimeException e) {
        throw new AssertionError("unexpected " + e + " for:\n" + yaml, e);
      }
    }
    assertThat(accepted).isPositive();
  }
}
