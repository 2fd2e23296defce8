package dev.vitals.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The connection and TLS flags of every subcommand but {@code probe} (which spells them {@code
 * -tls}).
 */
final class ConnectionOptions {
  @Option(
      names = "--addr",
      paramLabel = "HOST:PORT",
      defaultValue = "localhost:8001",
      description = "Server address. Default: ${DEFAULT-VALUE}.")
  String address;

  @Option(
      names = "--connect-timeout",
      paramLabel = "DURATION",
      defaultValue = "5s",
      converter = DurationConverter.class,
      description = "How long to try to connect (exit 2 after). Default: ${DEFAULT-VALUE}.")
  Duration connectTimeout;

  @Option(
      names = "--tls",
      description = "Use TLS (by default the JVM's trusted CAs verify the server).")
  boolean tls;

  @Option(
      names = "--tls-ca-cert",
      paramLabel = "FILE",
      description = "PEM CA certificates to verify the server with, instead of the JVM's.")
  Path caCert;

  @Option(
      names = "--tls-client-cert",
      paramLabel = "FILE",
      description = "PEM client certificate for mutual TLS (with --tls-client-key).")
  Path clientCert;

  @Option(
      names = "--tls-client-key",
      paramLabel = "FILE",
      description = "PEM (PKCS#8) private key of the client certificate.")
  Path clientKey;

  @Option(
      names = "--tls-no-verify",
      description = "Do not verify the server's certificate or name (testing only).")
  boolean noVerify;

  @Option(
      names = "--tls-server-name",
      paramLabel = "NAME",
      description =
          "Server name for SNI and certificate verification, instead of the address's host.")
  String serverName;

  @Option(
      names = "--authority",
      paramLabel = "AUTHORITY",
      description = "Send this :authority instead of the address.")
  String authority;

  @Option(
      names = "--rpc-header",
      paramLabel = "'NAME: VALUE'",
      description = "Extra metadata sent with every call; repeatable.")
  List<String> rpcHeaders = new ArrayList<>();

  @Option(
      names = "--user-agent",
      paramLabel = "TEXT",
      defaultValue = "vitals",
      description = "User agent prefix. Default: ${DEFAULT-VALUE}.")
  String userAgent;

  ConnectionSettings settings() {
    return new ConnectionSettings(
        "--",
        address,
        connectTimeout,
        tls,
        caCert,
        clientCert,
        clientKey,
        noVerify,
        serverName,
        authority,
        rpcHeaders,
        userAgent);
  }
}
