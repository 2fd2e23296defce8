package dev.vitals.server.grpc;

import static java.util.Objects.requireNonNull;

import dev.vitals.server.Endpoint;
import dev.vitals.server.ServerConfig;
import dev.vitals.server.checks.Checks;
import dev.vitals.server.grpc.auth.AdminAuthInterceptor;
import dev.vitals.server.grpc.auth.ClientCertificateInterceptor;
import dev.vitals.server.logging.ClientFaultLog;
import dev.vitals.server.metrics.ServerMetrics;
import dev.vitals.server.status.StatusRegistry;
import dev.vitals.server.tls.TlsCredentials;
import dev.vitals.server.transport.NettyTransport;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The gRPC port: {@code grpc.health.v1.Health}, the original {@code /Health/check}, the admin API
 * when a token is configured, and server reflection, over Netty or the in-process transport.
 *
 * <p>Handlers never block, so they run on the transport's event loops with no executor hand-off.
 */
public final class GrpcEndpoint implements Endpoint {
  private final ServerConfig config;
  private final StatusRegistry registry;
  private final Checks checks;
  private final @Nullable ServerMetrics metrics;
  private @Nullable TlsCredentials tls;
  private @Nullable NettyTransport netty;
  private @Nullable Server server;

  /**
   * An endpoint serving {@code registry} as {@code config} says, with {@code checks} behind the
   * admin API's checks RPCs and overrides, its calls counted in {@code metrics} (if not null); not
   * started.
   */
  public GrpcEndpoint(
      ServerConfig config,
      StatusRegistry registry,
      Checks checks,
      @Nullable ServerMetrics metrics) {
    this.config = requireNonNull(config, "config");
    this.registry = requireNonNull(registry, "registry");
    this.checks = requireNonNull(checks, "checks");
    this.metrics = metrics;
  }

  @Override
  public void start() throws IOException {
    // grpc-java logs a stack trace for each stream a client gets refused: count them instead.
    ClientFaultLog.filterGrpcLogs();
    ServerBuilder<?> builder;
    String inProcessName = config.inProcessName();
    if (inProcessName != null) {
      builder = InProcessServerBuilder.forName(inProcessName);
    } else {
      TlsCredentials credentials = config.tlsCert() == null ? null : TlsCredentials.load(config);
      tls = credentials;
      NettyTransport transport =
          NettyTransport.create(config, credentials == null ? null : credentials.credentials());
      netty = transport;
      builder = transport.serverBuilder();
    }
    List<ServerServiceDefinition> services = new ArrayList<>();
    services.add(
        MalformedRequests.guard(
            new HealthV1Service(registry, config.maxListEntries()).bindSerialized()));
    services.add(MalformedRequests.guard(new LegacyHealthService(registry).bindSerialized()));
    services.add(ProtoReflectionServiceV1.newInstance().bindService());
    String adminToken = config.adminToken();
    if (adminToken != null) {
      // The last interceptor listed runs first: the certificate check, then the token, and
      // only then is the request body parsed.
      services.add(
          MalformedRequests.guard(
              config.adminRequiresClientCert()
                  ? ServerInterceptors.intercept(
                      new StatusAdminService(registry, checks),
                      new AdminAuthInterceptor(adminToken),
                      new ClientCertificateInterceptor())
                  : ServerInterceptors.intercept(
                      new StatusAdminService(registry, checks),
                      new AdminAuthInterceptor(adminToken))));
    }
    builder.directExecutor().maxInboundMessageSize(config.maxInboundMessageSize());
    if (metrics != null) {
      builder.addStreamTracerFactory(metrics.rpcTracer(services));
    }
    services.forEach(builder::addService);
    server = builder.build().start();
  }

  /** The bound port, or -1 for an in-process server. */
  public int port() {
    return config.inProcessName() != null ? -1 : started().getPort();
  }

  private Server started() {
    Server started = server;
    if (started == null) {
      throw new IllegalStateException("not started");
    }
    return started;
  }

  @Override
  public void shutdown() {
    started().shutdown();
  }

  @Override
  public boolean awaitTermination(Duration grace) throws InterruptedException {
    return started().awaitTermination(grace.toNanos(), TimeUnit.NANOSECONDS);
  }

  @Override
  public void shutdownNow() {
    started().shutdownNow();
  }

  @Override
  public void close() {
    if (netty != null) {
      netty.close();
    }
    if (tls != null) {
      tls.close();
    }
  }

  @Override
  public String describe() {
    String inProcessName = config.inProcessName();
    if (inProcessName != null) {
      return "in-process:" + inProcessName;
    }
    Server started = started();
    for (SocketAddress address : started.getListenSockets()) {
      if (address instanceof InetSocketAddress inet) {

        String bound =
            inet.getAddress().isAnyLocalAddress()
                ? config.host()
                : inet.getAddress().getHostAddress();
        return bound + ":" + inet.getPort();
      }
    }
    return config.host() + ":" + started.getPort();
  }
}
