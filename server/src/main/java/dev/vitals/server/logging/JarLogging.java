package dev.vitals.server.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.status.NopStatusListener;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The logging of the runnable jar and the image: one line per event on stdout, at the level of
 * {@code VITALS_LOG_LEVEL} (default INFO), grpc-java's Netty at WARN.
 *
 * <p>Set up in code rather than by a {@code logback.xml}, which made logback load its XML
 * configuration machinery and the JDK's XML parser at every start: about 600 classes, 0.2 s of CPU
 * and 4 MB of RSS (BENCHMARKS.md, Footprint). It is registered as logback's {@link Configurator} in
 * {@code vitals-server.jar} only ({@code src/jar}); the library jar configures nothing. A {@code
 * -Dlogback.configurationFile} still wins: logback's own configurator reads it.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class JarLogging extends ContextAwareBase implements Configurator {
  /** The environment variable of the root level. */
  public static final String LEVEL_VARIABLE = "VITALS_LOG_LEVEL";

  static final String PATTERN =
      "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX,UTC} %-5level [%thread] %logger{24} - %msg%n";

  private static final Set<String> LEVELS =
      Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    configure(context, System.getenv(LEVEL_VARIABLE));
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /** Sets up {@code context} with the root level {@code level} (null or unknown: INFO). */
  static void configure(LoggerContext context, @Nullable String level) {
    NopStatusListener quiet = new NopStatusListener();
    context.getStatusManager().add(quiet);
    // grpc-java logs through java.util.logging, bridged to SLF4J: JUL's levels follow these.
    LevelChangePropagator propagator = new LevelChangePropagator();
    propagator.setContext(context);
    propagator.setResetJUL(true);
    propagator.start();
    context.addListener(propagator);

    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.start();
    ConsoleAppender<ILoggingEvent> stdout = new ConsoleAppender<>();
    stdout.setContext(context);
    stdout.setName("STDOUT");
    stdout.setEncoder(encoder);
    stdout.start();

    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    String name = level == null ? "" : level.trim().toUpperCase(Locale.ROOT);
    boolean known = LEVELS.contains(name);
    root.setLevel(known ? Level.toLevel(name) : Level.INFO);
    root.addAppender(stdout);
    context.getLogger("io.grpc.netty.shaded").setLevel(Level.WARN);
    if (level != null && !level.isBlank() && !known) {
      context
          .getLogger(JarLogging.class)
          .warn(
              "{}={} is not a level (TRACE, DEBUG, INFO, WARN, ERROR, OFF): logging at INFO",
              LEVEL_VARIABLE,
              level);
    }
  }
}
