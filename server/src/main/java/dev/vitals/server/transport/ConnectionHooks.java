package dev.vitals.server.transport;

import io.grpc.ServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.GrpcHttp2ConnectionHandler;
import io.grpc.netty.shaded.io.grpc.netty.InternalNettyServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.InternalProtocolNegotiator;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandler;
import io.grpc.netty.shaded.io.netty.util.AsciiString;

/**
 * Server credentials (TLS or plaintext) that install vitals' own rules on the HTTP/2 handler of
 * every connection they negotiate: {@link StreamAdmission} and {@link GoAwayClose}.
 *
 * <p>grpc-java has no public hook into a server connection's HTTP/2 handler; the protocol
 * negotiator of its credentials, which is handed that handler before the connection reads a byte,
 * is the internal one that grpc-java's own xDS and ALTS credentials use to wrap negotiators the
 * same way.
 */
final class ConnectionHooks {
  private ConnectionHooks() {}

  /** {@code credentials}, with the hooks installed on each connection's handler. */
  static ServerCredentials credentials(ServerCredentials credentials, int maxStreams) {
    InternalProtocolNegotiator.ServerFactory negotiators =
        InternalNettyServerCredentials.toNegotiator(credentials);
    return InternalNettyServerCredentials.create(
        executors -> new Negotiator(negotiators.newNegotiator(executors), maxStreams));
  }

  /** grpc-java's negotiator, installing the hooks first. */
  private static final class Negotiator implements InternalProtocolNegotiator.ProtocolNegotiator {
    private final InternalProtocolNegotiator.ProtocolNegotiator delegate;
    private final int maxStreams;

    Negotiator(InternalProtocolNegotiator.ProtocolNegotiator delegate, int maxStreams) {
      this.delegate = delegate;
      this.maxStreams = maxStreams;
    }

    @Override
    public AsciiString scheme() {
      return delegate.scheme();
    }

    @Override
    public ChannelHandler newHandler(GrpcHttp2ConnectionHandler grpcHandler) {
      StreamAdmission.install(grpcHandler, maxStreams);
      GoAwayClose.install(grpcHandler);
      return delegate.newHandler(grpcHandler);
    }

    @Override
    public void close() {
      delegate.close();
    }
  }
}
