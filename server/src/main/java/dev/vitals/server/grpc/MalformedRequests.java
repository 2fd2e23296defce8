package dev.vitals.server.grpc;

import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Answers a request body that is not a valid protobuf message with INVALID_ARGUMENT, naming what is
 * wrong, instead of grpc-java's default: the parse fails inside the call, which the server reports
 * as UNKNOWN "Application error processing RPC" and logs as an application failure.
 *
 * <p>It wraps each method of a service: the wrapping marshaller parses with the method's own
 * marshaller and, on failure, hands on a {@link Malformed} marker instead of throwing; the wrapping
 * handler closes the call when it sees one, before the service ever does.
 */
final class MalformedRequests {
  private MalformedRequests() {}

  /** A request body that did not parse, and why. */
  private record Malformed(String problem) {}

  /** {@code service} with every method's request parsing guarded. */
  static ServerServiceDefinition guard(ServerServiceDefinition service) {
    // Keep the schema descriptor: server reflection lists only services that have one.
    ServiceDescriptor original = service.getServiceDescriptor();
    ServiceDescriptor.Builder descriptor =
        ServiceDescriptor.newBuilder(original.getName())
            .setSchemaDescriptor(original.getSchemaDescriptor());
    List<ServerMethodDefinition<Object, ?>> methods = new ArrayList<>();
    for (ServerMethodDefinition<?, ?> method : service.getMethods()) {
      ServerMethodDefinition<Object, ?> guardedMethod = guard(method);
      methods.add(guardedMethod);
      descriptor.addMethod(guardedMethod.getMethodDescriptor());
    }
    ServerServiceDefinition.Builder guarded = ServerServiceDefinition.builder(descriptor.build());
    methods.forEach(guarded::addMethod);
    return guarded.build();
  }

  private static <ReqT, RespT> ServerMethodDefinition<Object, RespT> guard(
      ServerMethodDefinition<ReqT, RespT> method) {
    MethodDescriptor<ReqT, RespT> original = method.getMethodDescriptor();
    MethodDescriptor.Marshaller<ReqT> marshaller = original.getRequestMarshaller();
    String typeName =
        marshaller instanceof MethodDescriptor.ReflectableMarshaller
            ? ((MethodDescriptor.ReflectableMarshaller<?>) marshaller)
                .getMessageClass()
                .getSimpleName()
            : "request";
    MethodDescriptor.Marshaller<Object> lenient =
        new MethodDescriptor.Marshaller<>() {
          @Override
          @SuppressWarnings("unchecked")
          public InputStream stream(Object value) {
            return original.getRequestMarshaller().stream((ReqT) value);
          }

          @Override
          public Object parse(InputStream stream) {
            try {
              return original.getRequestMarshaller().parse(stream);
            } catch (RuntimeException e) {
              Throwable cause = e.getCause() != null ? e.getCause() : e;
              return new Malformed(
                  "the request is not a valid " + typeName + ": " + cause.getMessage());
            }
          }
        };
    MethodDescriptor<Object, RespT> descriptor =
        original.toBuilder(lenient, original.getResponseMarshaller()).build();
    return ServerMethodDefinition.create(descriptor, guardedHandler(method.getServerCallHandler()));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static <ReqT, RespT> ServerCallHandler<Object, RespT> guardedHandler(
      ServerCallHandler<ReqT, RespT> handler) {
    return (call, headers) -> {
      // Erasure makes the call usable as the original type: only parse() ever saw an Object.
      ServerCall.Listener<ReqT> delegate = handler.startCall((ServerCall) call, headers);
      return new ServerCall.Listener<Object>() {
        private boolean closed;

        @Override
        public void onMessage(Object message) {
          if (closed) {
            return;
          }
          if (message instanceof Malformed malformed) {
            closed = true;
            call.close(
                Status.INVALID_ARGUMENT.withDescription(malformed.problem()), new Metadata());
            return;
          }
          delegate.onMessage((ReqT) message);
        }

        @Override
        public void onHalfClose() {
          if (!closed) {
            delegate.onHalfClose();
          }
        }

        @Override
        public void onCancel() {
          delegate.onCancel();
        }

        @Override
        public void onComplete() {
          delegate.onComplete();
        }

        @Override
        public void onReady() {
          if (!closed) {
            delegate.onReady();
          }
        }
      };
    };
  }
}
