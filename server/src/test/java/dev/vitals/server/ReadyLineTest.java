package dev.vitals.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.vitals.testing.GrpcCleanupExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Isolated;
import org.slf4j.LoggerFactory;

/**
 * The ready line the README quotes is the one the server logs, so that the two cannot drift.
 *
 * <p>Isolated: it reads the process-wide log, so no other test class runs beside it.
 */
@Isolated
class ReadyLineTest {
  private static final Pattern QUOTED = Pattern.compile("`(vitals server listening on [^`]*)`");

  @RegisterExtension final GrpcCleanupExtension cleanup = new GrpcCleanupExtension();
  private final Logger logger = (Logger) LoggerFactory.getLogger(VitalsServer.class);
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private Level level;

  @BeforeEach
  void captureLog() {
    level = logger.getLevel();
    logger.setLevel(Level.INFO);
    logged.start();
    logger.addAppender(logged);
  }

  @AfterEach
  void releaseLog() {
    logger.detachAppender(logged);
    logger.setLevel(level);
  }

  @Test
  void start_defaults_logsTheReadyLineTheReadmeQuotes() throws Exception {
    // Surefire runs in the module directory; the README is the repository's.
    String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
    Matcher quoted = QUOTED.matcher(readme);
    assertThat(quoted.find()).as("README quotes the ready line").isTrue();

    // The defaults, but on any free port: the README's 8001 is then that port.
    VitalsServer server =
        cleanup
            .register(
                VitalsServer.create(
                    ServerConfig.builder()
                        .port(0)
                        .workerThreads(1)
                        .drainDelay(Duration.ZERO)
                        .build()))
            .start();

    assertThat(logged.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .contains(quoted.group(1).replace(":8001 ", ":" + server.port() + " "));
  }
}
