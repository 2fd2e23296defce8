package dev.vitals.cli;

import dev.vitals.client.HealthClient;
import dev.vitals.client.ServingStatus;
import dev.vitals.common.Durations;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vitals probe}: a drop-in for grpc_health_probe. It takes grpc_health_probe's own flags
 * (single dash, or double dash as Go also allows; {@code -flag=value} or {@code -flag value}),
 * prints {@code status: SERVING} on success, and uses the same exit codes, so scripts and
 * Kubernetes exec probes switch by changing the binary name.
 */
@Command(
    name = "probe",
    sortOptions = false,
    description = {
      "A drop-in for grpc_health_probe: the same flags, output and exit codes. Checks a service "
          + "with grpc.health.v1.Health/Check; exit 0 if SERVING.",
      "Beyond grpc_health_probe: -authority, and -watch to stream until a status is seen."
    })
final class ProbeCommand implements Callable<Integer> {
  @Option(
      names = {"-h", "-help", "--help"},
      usageHelp = true,
      description = "Show this help.")
  boolean help;

  @Option(
      names = {"-addr", "--addr"},
      paramLabel = "HOST:PORT",
      defaultValue = "localhost:8001",
      description = "Address of the server. Default: ${DEFAULT-VALUE}.")
  String address;

  @Option(
      names = {"-service", "--service"},
      paramLabel = "NAME",
      split = ",",
      description =
          "Service name to check; empty (the default) is the whole server. Repeatable, or "
              + "several separated by commas: each is checked, the worst result sets the exit "
              + "code (not in grpc_health_probe).")
  List<String> services = new ArrayList<>();

  @Option(
      names = {"-connect-timeout", "--connect-timeout"},
      paramLabel = "DURATION",
      defaultValue = "1s",
      converter = DurationConverter.class,
      description = "Timeout for establishing the connection. Default: ${DEFAULT-VALUE}.")
  Duration connectTimeout;

  @Option(
      names = {"-rpc-timeout", "--rpc-timeout"},
      paramLabel = "DURATION",
      defaultValue = "1s",
      converter = DurationConverter.class,
      description =
          "Timeout for the health check RPC (with -watch: for the whole watch, if "
              + "given). Default: ${DEFAULT-VALUE}.")
  Duration rpcTimeout;

  @Option(
      names = {"-tls", "--tls"},
      arity = "0..1",
      description = "Use TLS.")
  boolean tls;

  @Option(
      names = {"-tls-ca-cert", "--tls-ca-cert"},
      paramLabel = "FILE",
      description = "Path to file containing CA certificates (to override system root CAs).")
  Path caCert;

  @Option(
      names = {"-tls-client-cert", "--tls-client-cert"},
      paramLabel = "FILE",
      description = "Client certificate for authenticating to the server (mutual TLS).")
  Path clientCert;

  @Option(
      names = {"-tls-client-key", "--tls-client-key"},
      paramLabel = "FILE",
      description = "Private key (PKCS#8 PEM) for the client certificate.")
  Path clientKey;

  @Option(
      names = {"-tls-no-verify", "--tls-no-verify"},
      arity = "0..1",
      description = "Do not verify the certificate presented by the server.")
  boolean noVerify;

  @Option(
      names = {"-tls-server-name", "--tls-server-name"},
      paramLabel = "NAME",
      description = "Override the hostname used to verify the server certificate.")
  String serverName;

  @Option(
      names = {"-rpc-header", "--rpc-header"},
      paramLabel = "'NAME: VALUE'",
      description = "Additional RPC header in 'name: value' format; repeatable.")
  List<String> rpcHeaders = new ArrayList<>();

  @Option(
      names = {"-user-agent", "--user-agent"},
      paramLabel = "TEXT",
      defaultValue = "grpc_health_probe",
      description =
          "User-agent header value of the health check request. " + "Default: ${DEFAULT-VALUE}.")
  String userAgent;

  @Option(
      names = {"-v", "--v"},
      arity = "0..1",
      description = "Verbose logs on stderr.")
  boolean verbose;

  @Option(
      names = {"-authority", "--authority"},
      paramLabel = "AUTHORITY",
      description = "Override the :authority header (not in grpc_health_probe).")
  String authority;

  @Option(
      names = {"-watch", "--watch"},
      arity = "0..1",
      description =
          "Stream with Watch until the service reports the -watch-until status, the "
              + "stream fails, or interrupted (not in grpc_health_probe).")
  boolean watch;

  @Option(
      names = {"-watch-until", "--watch-until"},
      paramLabel = "STATUS",
      defaultValue = "SERVING",
      converter = StatusConverter.class,
      description = "The status -watch waits for. Default: ${DEFAULT-VALUE}.")
  ServingStatus watchUntil;

  @Option(
      names = {"-wait", "--wait"},
      paramLabel = "DURATION",
      defaultValue = "0",
      converter = DurationConverter.class,
      description =
          "Keep trying, connection failures included, until every service is SERVING or this "
              + "long has passed; the exit code is then the last attempt's. Default: "
              + "${DEFAULT-VALUE} (one attempt; not in grpc_health_probe).")
  Duration wait;

  @Option(
      names = {"-retry-interval", "--retry-interval"},
      paramLabel = "DURATION",
      defaultValue = "1s",
      converter = DurationConverter.class,
      description = "Pause between attempts with -wait. Default: ${DEFAULT-VALUE}.")
  Duration retryInterval;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    ConnectionSettings settings =
        new ConnectionSettings(
            "-",
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
    settings.positive("rpc-timeout", rpcTimeout);
    WaitOptions.validate(settings, wait, retryInterval);
    List<String> names = ServiceChecks.services(services);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (watch) {
      if (names.size() != 1) {
        throw CliFailure.invalid("-watch takes one -service");
      }
      if (!wait.isZero()) {
        throw CliFailure.invalid("-watch already waits; -wait is for Check");
      }
      return watch(settings, names.get(0), out, err);
    }
    long start = System.nanoTime();
    verbose(err, "establishing connection");
    ServiceChecks.Attempt attempt =
        ServiceChecks.untilServing(
            settings, names, rpcTimeout, HealthClient::check, wait, retryInterval);
    if (attempt.connectionFailure().isPresent()) {
      throw attempt.connectionFailure().get();
    }
    verbose(
        err,
        "connection established; time elapsed: "
            + since(start)
            + " for "
            + names.size()
            + " service(s)");
    boolean several = names.size() > 1;
    for (ServiceChecks.Outcome outcome : attempt.outcomes()) {
      String prefix = several ? "service " + Printer.quote(outcome.service()) + ": " : "";
      if (outcome.exitCode() == ExitCodes.OK) {
        out.println(prefix + "status: SERVING");
      } else if (outcome.status().isPresent()) {
        err.println(
            spec.qualifiedName()
                + ": "
                + prefix
                + "service unhealthy (responded with \""
                + outcome.status().get()
                + "\")");
      } else {
        err.println(spec.qualifiedName() + ": " + prefix + outcome.message());
      }
    }
    return attempt.exitCode();
  }

  private int watch(ConnectionSettings settings, String service, PrintWriter out, PrintWriter err)
      throws InterruptedException {
    long start = System.nanoTime();
    verbose(err, "establishing connection");
    try (Connection open = settings.open()) {
      open.awaitReady();
      verbose(err, "connection established (took " + since(start) + ")");
      HealthClient client = HealthClient.create(open.channel()).withDeadline(rpcTimeout);
      boolean bounded = spec.commandLine().getParseResult().hasMatchedOption("-rpc-timeout");
      StatusWatcher.watch(
          client,
          service,
          watchUntil,
          bounded ? rpcTimeout : null,
          status -> {
            out.println("status: " + status);
            out.flush();
          });
      return ExitCodes.OK;
    }
  }

  private void verbose(PrintWriter err, String message) {
    if (verbose) {
      err.println("> " + message);
      err.flush();
    }
  }

  private static String since(long startNanos) {
    return Durations.format(Duration.ofMillis((System.nanoTime() - startNanos) / 1_000_000));
  }
}
