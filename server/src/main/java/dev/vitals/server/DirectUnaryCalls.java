package dev.vitals.server;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

/**
 * A unary method answered straight on the {@link ServerCall}, without the stub layer's
 * {@code StreamObserver} adapter ({@code ServerCalls.asyncUnaryCall}) and without
 * {@link MalformedRequests}' wrapping listener: one listener per call, which parses nothing and
 * allocates nothing beyond the two {@link Metadata} the transport fills in. It answers exactly as
 * the adapter and the guard do: a malformed body is INVALID_ARGUMENT, a missing or second request
 * is INTERNAL with grpc-java's own descriptions.
 */
final class DirectUnaryCalls {
  // grpc-java's ServerCalls descriptions, so that nothing changes for a client.
  static final String MISSING_REQUEST = "Half-closed without a request";
  static final String TOO_MANY_REQUESTS = "Too many requests";

  private DirectUnaryCalls() {}

  /** How a method answers a request: its response message, or the {@link Status} to close with. */
  @FunctionalInterface
  interface Answerer<ReqT> {
    Object answer(ReqT request);
  }

  /**
   * {@code guarded} (a service from {@link MalformedRequests#guard}) with {@code method}'s handler
   * replaced by one that answers with {@code answerer}. The method descriptor, its lenient request
   * marshaller and its response marshaller are kept.
   */
  static <ReqT> ServerServiceDefinition answer(ServerServiceDefinition guarded,
      String fullMethodName, Answerer<ReqT> answerer) {
    ServerServiceDefinition.Builder rebuilt =
        ServerServiceDefinition.builder(guarded.getServiceDescriptor());
    for (ServerMethodDefinition<?, ?> method : guarded.getMethods()) {
      add(rebuilt, method, method.getMethodDescriptor().getFullMethodName().equals(fullMethodName)
          ? answerer : null);
    }
    return rebuilt.build();
  }

  /** Answers a call made through the stub layer with an {@link Answerer}'s answer. */
  @SuppressWarnings("unchecked")
  static <RespT> void reply(Object answer, StreamObserver<RespT> responses) {
    if (answer instanceof Status) {
      responses.onError(((Status) answer).asRuntimeException());
      return;
    }
    responses.onNext((RespT) answer);
    responses.onCompleted();
  }

  private static <ReqT, RespT> void add(ServerServiceDefinition.Builder service,
      ServerMethodDefinition<ReqT, RespT> method, Answerer<?> answerer) {
    service.addMethod(answerer == null
        ? method
        : ServerMethodDefinition.create(method.getMethodDescriptor(), new Handler<>(answerer)));
  }

  private static final class Handler<ReqT, RespT> implements ServerCallHandler<ReqT, RespT> {
    private final Answerer<Object> answerer;

    @SuppressWarnings("unchecked")
    Handler(Answerer<?> answerer) {
      // The request marshaller is MalformedRequests' lenient one: a message is either a parsed
      // request, which the answerer was written for, or a Malformed marker, checked before.
      this.answerer = (Answerer<Object>) answerer;
    }

    @Override
    public ServerCall.Listener<ReqT> startCall(ServerCall<ReqT, RespT> call, Metadata headers) {
      // Two, as ServerCalls does: a second message is a protocol error to report, not to ignore.
      call.request(2);
      return new Listener<>(call, answerer);
    }
  }

  /** One call. All its methods run on the call's serialised executor, one at a time. */
  private static final class Listener<ReqT, RespT> extends ServerCall.Listener<ReqT> {
    private final ServerCall<ReqT, RespT> call;
    private final Answerer<Object> answerer;
    private Object request;
    private boolean closed;

    Listener(ServerCall<ReqT, RespT> call, Answerer<Object> answerer) {
      this.call = call;
      this.answerer = answerer;
    }

    @Override
    public void onMessage(ReqT message) {
      if (closed) {
        return;
      }
      String problem = MalformedRequests.problem(message);
      if (problem != null) {
        close(Status.INVALID_ARGUMENT.withDescription(problem));
      } else if (request != null) {
        close(Status.INTERNAL.withDescription(TOO_MANY_REQUESTS));
      } else {
        request = message;
      }
    }

    @Override
    @SuppressWarnings("unchecked")
    public void onHalfClose() {
      if (closed) {
        return;
      }
      if (request == null) {
        close(Status.INTERNAL.withDescription(MISSING_REQUEST));
        return;
      }
      Object answer = answerer.answer(request);
      if (answer instanceof Status) {
        close((Status) answer);
        return;
      }
      closed = true;
      // Fresh Metadata each time: the transport adds to both (encodings, grpc-status).
      call.sendHeaders(new Metadata());
      call.sendMessage((RespT) answer);
      call.close(Status.OK, new Metadata());
    }

    @Override
    public void onCancel() {
      closed = true;
    }

    private void close(Status status) {
      closed = true;
      call.close(status, new Metadata());
    }
  }
}
