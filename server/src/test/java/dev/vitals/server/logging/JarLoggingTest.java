package dev.vitals.server.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.read.ListAppender;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JarLoggingTest {
  private final LoggerContext context = new LoggerContext();

  @AfterEach
  void stop() {
    context.stop();
  }

  private Logger root() {
    return context.getLogger(Logger.ROOT_LOGGER_NAME);
  }

  @Test
  void noLevel_infoOnStdout_grpcNettyAtWarn_theJarsPattern() {
    JarLogging.configure(context, null);

    assertThat(root().getLevel()).isEqualTo(Level.INFO);
    assertThat(context.getLogger("io.grpc.netty.shaded.io.netty.Foo").getEffectiveLevel())
        .isEqualTo(Level.WARN);
    assertThat(root().getAppender("STDOUT")).isInstanceOf(ConsoleAppender.class);
    ConsoleAppender<ILoggingEvent> stdout =
        (ConsoleAppender<ILoggingEvent>) root().getAppender("STDOUT");
    assertThat(stdout.isStarted()).isTrue();
    PatternLayoutEncoder encoder = (PatternLayoutEncoder) stdout.getEncoder();
    ch.qos.logback.classic.spi.LoggingEvent event =
        new ch.qos.logback.classic.spi.LoggingEvent(
            "fqcn", context.getLogger("dev.vitals.server.Main"), Level.INFO, "ready", null, null);
    event.setThreadName("main");
    event.setInstant(Instant.parse("2026-11-30T17:00:00.123Z"));
    assertThat(new String(encoder.encode(event), StandardCharsets.UTF_8))
        .isEqualTo("2026-11-30T17:00:00.123Z INFO  [main] dev.vitals.server.Main - ready\n");
  }

  @Test
  void level_fromTheVariable_anyCase() {
    JarLogging.configure(context, " debug ");

    assertThat(root().getLevel()).isEqualTo(Level.DEBUG);
  }

  @Test
  void unknownLevel_infoAndAWarningThatNamesIt() {
    ListAppender<ILoggingEvent> seen = new ListAppender<>();
    seen.setContext(context);
    seen.start();
    context.getLogger(JarLogging.class).addAppender(seen);

    JarLogging.configure(context, "verbose");

    assertThat(root().getLevel()).isEqualTo(Level.INFO);
    assertThat(seen.list)
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.getLevel()).isEqualTo(Level.WARN);
              assertThat(event.getFormattedMessage())
                  .isEqualTo(
                      "VITALS_LOG_LEVEL=verbose is not a level (TRACE, DEBUG, INFO, WARN, ERROR,"
                          + " OFF): logging at INFO");
            });
  }
}
