package dev.vitals.server.grpc.auth;

import dev.vitals.server.logging.ClientFaultLog;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.security.cert.Certificate;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Lets a call through only on a TLS connection whose client presented a certificate. The TLS
 * handshake has already verified it against the client CA (an invalid one fails the handshake), so
 * here a certificate's presence is the proof.
 */
public final class ClientCertificateInterceptor implements ServerInterceptor {
  private static final Status NO_CERTIFICATE =
      Status.UNAUTHENTICATED.withDescription(
          "admin calls need a verified TLS client certificate; connect with one");

  /** An interceptor with nothing to configure: the TLS handshake did the verification. */
  public ClientCertificateInterceptor() {}

  /** Lets the call through if its connection has a verified client certificate. */
  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
    if (session != null && hasPeerCertificate(session)) {
      return next.startCall(call, headers);
    }
    ClientFaultLog.shared()
        .record(
            "admin call refused",
            call.getMethodDescriptor().getFullMethodName()
                + " from "
                + call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR)
                + ": no client certificate");
    call.close(NO_CERTIFICATE, new Metadata());
    return new ServerCall.Listener<>() {};
  }

  private static boolean hasPeerCertificate(SSLSession session) {
    try {
      Certificate[] chain = session.getPeerCertificates();
      return chain != null && chain.length > 0;
    } catch (SSLPeerUnverifiedException e) {
      return false;
    }
  }
}
