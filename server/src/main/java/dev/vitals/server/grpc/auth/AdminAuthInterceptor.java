package dev.vitals.server.grpc.auth;

import static java.util.Objects.requireNonNull;

import dev.vitals.common.AdminAuthorization;
import dev.vitals.server.logging.ClientFaultLog;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Iterator;
import java.util.Optional;

/**
 * Lets an admin call through only with {@code authorization: Bearer <token>}.
 *
 * <p>The token is compared as a SHA-256 digest with {@link MessageDigest#isEqual}, which takes the
 * same time whatever the input, and hashing first hides the token's length as well. Neither the
 * expected nor the presented token is ever logged.
 */
public final class AdminAuthInterceptor implements ServerInterceptor {
  private final byte[] expectedDigest;

  /**
   * Lets through calls that present {@code token}.
   *
   * @throws IllegalArgumentException if the token is blank or not printable ASCII ({@link
   *     AdminAuthorization#checkToken})
   */
  public AdminAuthInterceptor(String token) {
    this.expectedDigest = sha256(AdminAuthorization.checkToken(requireNonNull(token, "token")));
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    String authorization = headers.get(AdminAuthorization.KEY);
    Optional<String> token =
        authorization == null ? Optional.empty() : AdminAuthorization.bearerToken(authorization);
    String problem;
    if (authorization != null && isRepeated(headers)) {
      // Proxies and libraries disagree on which of two values counts: trust neither.
      problem =
          "more than one authorization metadata value; send exactly one '"
              + AdminAuthorization.FORMAT
              + "'";
    } else if (authorization == null) {
      problem = "missing authorization metadata; send '" + AdminAuthorization.FORMAT + "'";
    } else if (token.isEmpty()) {
      problem =
          "authorization metadata is not a bearer token; send '" + AdminAuthorization.FORMAT + "'";
    } else if (!MessageDigest.isEqual(expectedDigest, sha256(token.get()))) {
      problem = "invalid admin token";
    } else {
      return next.startCall(call, headers);
    }
    // A client can send refused calls as fast as it likes: counted, not one line each.
    ClientFaultLog.shared()
        .record(
            "admin call refused",
            call.getMethodDescriptor().getFullMethodName()
                + " from "
                + call.getAttributes().get(io.grpc.Grpc.TRANSPORT_ATTR_REMOTE_ADDR)
                + ": "
                + problem);
    call.close(Status.UNAUTHENTICATED.withDescription(problem), new Metadata());
    return new ServerCall.Listener<>() {};
  }

  private static boolean isRepeated(Metadata headers) {
    Iterable<String> values = headers.getAll(AdminAuthorization.KEY);
    if (values == null) {
      return false;
    }
    Iterator<String> each = values.iterator();
    if (each.hasNext()) {
      each.next();
    }
    return each.hasNext();
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JVM has SHA-256", e);
    }
  }
}
