package dev.vitals.server.cli;

import dev.vitals.server.http.HttpConfig;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/**
 * The HTTP endpoint's options, a picocli mixin of {@link ServerCommand}: {@code --http-port}
 * (default 8081, {@code -1} disables), {@code --http-host}, {@code --http-show-details} and the
 * connection limits. Each has its {@code VITALS_HTTP_*} variable ({@link EnvironmentDefaults}).
 */
final class HttpOptions {
  @Option(
      names = "--http-port",
      paramLabel = "PORT",
      defaultValue = "8081",
      description =
          "HTTP port for /livez, /readyz, /health, /metrics and the status page; 0 picks a free "
              + "port, -1 disables it (env VITALS_HTTP_PORT). Default: ${DEFAULT-VALUE}.",
      converter = PortOrDisabled.class)
  int port;

  @Option(
      names = "--http-host",
      paramLabel = "HOST",
      description = "Address the HTTP port binds (env VITALS_HTTP_HOST). Default: the --host.")
  @Nullable String host;

  @Option(
      names = "--http-show-details",
      paramLabel = "WHEN",
      defaultValue = "always",
      description =
          "'never' leaves check outputs and failure reasons out of every HTTP response, for a "
              + "port reachable beyond the pod network (env VITALS_HTTP_SHOW_DETAILS). "
              + "Default: ${DEFAULT-VALUE}.",
      converter = ShowDetailsConverter.class)
  HttpConfig.ShowDetails showDetails;

  @Option(
      names = "--http-max-connections",
      paramLabel = "N",
      defaultValue = "100",
      description =
          "Most HTTP connections open at once, status-page streams included; more are answered "
              + "503 and closed (env VITALS_HTTP_MAX_CONNECTIONS). Default: ${DEFAULT-VALUE}.",
      converter = IntRangeConverter.UpToAMillion.class)
  int maxConnections;

  @Option(
      names = "--http-request-timeout",
      paramLabel = "DURATION",
      defaultValue = "10s",
      description =
          "A client must send a whole HTTP request within this, or the connection is closed "
              + "(env VITALS_HTTP_REQUEST_TIMEOUT). Default: ${DEFAULT-VALUE}.",
      converter = DurationConverter.Positive.class)
  Duration requestTimeout;

  @Option(
      names = "--http-idle-timeout",
      paramLabel = "DURATION",
      defaultValue = "1m",
      description =
          "A kept-alive HTTP connection without a request for this long is closed "
              + "(env VITALS_HTTP_IDLE_TIMEOUT). Default: ${DEFAULT-VALUE}.",
      converter = DurationConverter.Positive.class)
  Duration idleTimeout;

  /** The options as the server's HTTP settings. */
  HttpConfig toConfig() {
    String bindHost = host == null || host.isBlank() ? null : host.trim();
    return new HttpConfig(port, bindHost, showDetails, maxConnections, requestTimeout, idleTimeout);
  }

  /** {@code --http-port}: 0-65535, or -1 for no HTTP endpoint. */
  static final class PortOrDisabled implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String text) {
      try {
        return IntRangeConverter.parse(OptionErrors.OPTION, text, HttpConfig.DISABLED_PORT, 65535);
      } catch (IllegalArgumentException e) {
        throw OptionErrors.conversion(e);
      }
    }
  }

  /** {@code --http-show-details}: {@code always} or {@code never}. */
  static final class ShowDetailsConverter implements ITypeConverter<HttpConfig.ShowDetails> {
    @Override
    public HttpConfig.ShowDetails convert(String text) {
      try {
        return HttpConfig.ShowDetails.parse(text);
      } catch (IllegalArgumentException e) {
        throw OptionErrors.conversion(
            new IllegalArgumentException(
                OptionErrors.OPTION + " '" + text + "' is not 'always' or 'never'"));
      }
    }
  }
}
