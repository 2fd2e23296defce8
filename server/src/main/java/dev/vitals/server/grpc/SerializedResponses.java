package dev.vitals.server.grpc;

import com.google.protobuf.MessageLite;
import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Serialises a service's constant responses once. Health answers are one of a handful of messages;
 * each is encoded when the service is bound, and sending it (to a Check caller, or to each of
 * thousands of watchers) copies those bytes instead of encoding the message again. Any other
 * response goes through the method's own marshaller. Handlers and interceptors are untouched.
 */
final class SerializedResponses {
  private SerializedResponses() {}

  /** {@code service} with every method's response marshaller serving {@code constants} as bytes. */
  static ServerServiceDefinition cache(ServerServiceDefinition service, MessageLite... constants) {
    ServiceDescriptor original = service.getServiceDescriptor();
    ServiceDescriptor.Builder descriptor =
        ServiceDescriptor.newBuilder(original.getName())
            .setSchemaDescriptor(original.getSchemaDescriptor());
    List<ServerMethodDefinition<?, ?>> methods = new ArrayList<>();
    for (ServerMethodDefinition<?, ?> method : service.getMethods()) {
      ServerMethodDefinition<?, ?> cached = cache(method, constants);
      descriptor.addMethod(cached.getMethodDescriptor());
      methods.add(cached);
    }
    ServerServiceDefinition.Builder rebuilt = ServerServiceDefinition.builder(descriptor.build());
    methods.forEach(rebuilt::addMethod);
    return rebuilt.build();
  }

  private static <ReqT, RespT> ServerMethodDefinition<ReqT, RespT> cache(
      ServerMethodDefinition<ReqT, RespT> method, MessageLite[] constants) {
    MethodDescriptor<ReqT, RespT> original = method.getMethodDescriptor();
    MethodDescriptor<ReqT, RespT> descriptor =
        original.toBuilder()
            .setResponseMarshaller(new Marshaller<>(original.getResponseMarshaller(), constants))
            .build();
    return ServerMethodDefinition.create(descriptor, method.getServerCallHandler());
  }

  /** Answers the constants (compared by identity) from their bytes; delegates anything else. */
  private static final class Marshaller<T> implements MethodDescriptor.Marshaller<T> {
    private final MethodDescriptor.Marshaller<T> delegate;
    private final MessageLite[] constants;
    private final byte[][] bytes;

    Marshaller(MethodDescriptor.Marshaller<T> delegate, MessageLite[] constants) {
      this.delegate = delegate;
      this.constants = constants.clone();
      this.bytes = new byte[constants.length][];
      for (int i = 0; i < constants.length; i++) {
        bytes[i] = constants[i].toByteArray();
      }
    }

    @Override
    public InputStream stream(T value) {
      for (int i = 0; i < constants.length; i++) {
        if (constants[i] == value) {
          return new BytesStream(bytes[i]);
        }
      }
      return delegate.stream(value);
    }

    @Override
    public T parse(InputStream stream) {
      return delegate.parse(stream);
    }
  }

  /** Shared bytes that the transport copies straight into its buffer, length known up front. */
  private static final class BytesStream extends ByteArrayInputStream
      implements KnownLength, Drainable {
    BytesStream(byte[] bytes) {
      super(bytes);
    }

    @Override
    public int drainTo(OutputStream target) throws IOException {
      int length = count - pos;
      target.write(buf, pos, length);
      pos = count;
      return length;
    }
  }
}
