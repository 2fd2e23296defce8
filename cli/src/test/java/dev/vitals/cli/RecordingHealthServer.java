package dev.vitals.cli;

import dev.vitals.api.health.v1.HealthCheckRequest;
import dev.vitals.api.health.v1.HealthCheckResponse;
import dev.vitals.api.health.v1.HealthGrpc;
import dev.vitals.testing.GrpcCleanupExtension;
import io.grpc.InsecureServerCredentials;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A small health server for what the vitals server cannot do yet or cannot show: TLS, recording the
 * headers and authority a client sent, and a Check that never answers. The whole server ({@code
 * ""}) is SERVING, {@code "hang"} never answers, anything else is NOT_FOUND.
 */
final class RecordingHealthServer {
  static final String HANG = "hang";

  private final AtomicReference<Metadata> lastHeaders = new AtomicReference<>();
  private final AtomicReference<String> lastAuthority = new AtomicReference<>();
  private final Server server;

  private RecordingHealthServer(
      ServerCredentials credentials, int port, GrpcCleanupExtension cleanup) {
    ServerInterceptor recorder =
        new ServerInterceptor() {
          @Override
          public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
              ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
            lastHeaders.set(headers);
            lastAuthority.set(call.getAuthority());
            return next.startCall(call, headers);
          }
        };
    try {
      server =
          cleanup.register(
              NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port), credentials)
                  .addService(ServerInterceptors.intercept(new Health(), recorder))
                  .build()
                  .start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static RecordingHealthServer start(ServerCredentials credentials, GrpcCleanupExtension cleanup) {
    return new RecordingHealthServer(credentials, 0, cleanup);
  }

  /** One on a given loopback port: a server that comes up after a client started trying. */
  static RecordingHealthServer startOn(int port, GrpcCleanupExtension cleanup) {
    return new RecordingHealthServer(InsecureServerCredentials.create(), port, cleanup);
  }

  String address() {
    return "127.0.0.1:" + server.getPort();
  }

  /** A header of the last call, or null. */
  String lastHeader(String name) {
    Metadata headers = lastHeaders.get();
    return headers == null
        ? null
        : headers.get(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER));
  }

  /** The {@code :authority} of the last call, or null. */
  String lastAuthority() {
    return lastAuthority.get();
  }

  private static final class Health extends HealthGrpc.HealthImplBase {
    @Override
    public void check(HealthCheckRequest request, StreamObserver<HealthCheckResponse> responses) {
      if (request.getService().isEmpty()) {
        responses.onNext(
            HealthCheckResponse.newBuilder()
                .setStatus(HealthCheckResponse.ServingStatus.SERVING)
                .build());
        responses.onCompleted();
      } else if (!request.getService().equals(HANG)) {
        responses.onError(Status.NOT_FOUND.withDescription("unknown service").asRuntimeException());
      }
      // HANG: never answers, so only the client's deadline ends the call.
    }
  }
}
