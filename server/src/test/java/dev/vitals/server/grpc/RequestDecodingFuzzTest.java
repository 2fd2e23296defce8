package dev.vitals.server.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vitals.common.AdminAuthorization;
import dev.vitals.common.HealthStatus;
import dev.vitals.server.FuzzInput;
import dev.vitals.server.checks.Checks;
import dev.vitals.server.checks.ChecksConfig;
import dev.vitals.server.grpc.auth.AdminAuthInterceptor;
import dev.vitals.server.status.StatusRegistry;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerInterceptors;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Arbitrary request bodies and authorization values through the server's real method handlers (with
 * their malformed-request guard), as the transport would deliver them: every call ends exactly
 * once, with a status from the API's contract, and no handler throws.
 */
class RequestDecodingFuzzTest {
  private static final String TOKEN = "fuzz-admin-token";
  private static final Set<Status.Code> CONTRACT =
      Set.of(
          Status.Code.OK,
          Status.Code.INVALID_ARGUMENT,
          Status.Code.NOT_FOUND,
          Status.Code.FAILED_PRECONDITION,
          Status.Code.RESOURCE_EXHAUSTED,
          Status.Code.UNAUTHENTICATED);

  private static final StatusRegistry REGISTRY = new StatusRegistry(Clock.systemUTC(), 10);
  private static final List<ServerMethodDefinition<?, ?>> METHODS = new ArrayList<>();

  static {
    REGISTRY.set("db", HealthStatus.SERVING);
    for (ServerServiceDefinition service :
        List.of(
            new HealthV1Service(REGISTRY, 100).bindService(),
            new LegacyHealthService(REGISTRY).bindService(),
            ServerInterceptors.intercept(
                new StatusAdminService(
                    REGISTRY, Checks.builder(ChecksConfig.EMPTY, (service, status) -> {}).build()),
                new AdminAuthInterceptor(TOKEN)))) {
      METHODS.addAll(MalformedRequests.guard(service).getMethods());
    }
  }

  /** The server side of one call, as a transport would drive it. */
  private static final class RecordingCall<ReqT, RespT> extends ServerCall<ReqT, RespT> {
    private final MethodDescriptor<ReqT, RespT> method;
    final List<RespT> messages = new ArrayList<>();
    final List<Status> closes = new ArrayList<>();

    RecordingCall(MethodDescriptor<ReqT, RespT> method) {
      this.method = method;
    }

    @Override
    public void request(int numMessages) {}

    @Override
    public void sendHeaders(Metadata headers) {}

    @Override
    public void sendMessage(RespT message) {
      assertThat(closes).as("message after close").isEmpty();
      messages.add(message);
    }

    @Override
    public void close(Status status, Metadata trailers) {
      closes.add(status);
    }

    @Override
    public boolean isReady() {
      return true;
    }

    @Override
    public boolean isCancelled() {
      return false;
    }

    @Override
    public MethodDescriptor<ReqT, RespT> getMethodDescriptor() {
      return method;
    }
  }

  @FuzzTest(maxDuration = "30s")
  void request_arbitraryBytes_endsOnceWithAContractStatus(byte[] data) {
    run(new FuzzInput(data));
  }

  static List<byte[]> seeds() {
    Random random = new Random(5);
    List<byte[]> seeds = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      byte[] seed = new byte[random.nextInt(64)];
      random.nextBytes(seed);
      seeds.add(seed);
    }
    // Valid requests too, so the regression run reaches the handlers' success paths.
    for (int method = 0; method < 8; method++) {
      seeds.add(new byte[] {(byte) method, 1, 0x0a, 2, 'd', 'b'});
    }
    return seeds;
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void request_seededBytes_endsOnceWithAContractStatus(byte[] data) {
    run(new FuzzInput(data));
  }

  private static void run(FuzzInput in) {
    invoke(METHODS.get(in.choose(METHODS.size())), in);
    assertThat(REGISTRY.watcherCount()).as("watchers left after the calls ended").isZero();
  }

  private static <ReqT, RespT> void invoke(
      ServerMethodDefinition<ReqT, RespT> definition, FuzzInput in) {
    Metadata headers = new Metadata();
    switch (in.choose(3)) {
      case 0 -> {}
      case 1 -> headers.put(AdminAuthorization.KEY, "Bearer " + TOKEN);
      default ->
          headers.put(AdminAuthorization.KEY, in.string(32).replaceAll("[^\\x20-\\x7e]", "?"));
    }
    MethodDescriptor<ReqT, RespT> method = definition.getMethodDescriptor();
    RecordingCall<ReqT, RespT> call = new RecordingCall<>(method);
    ServerCall.Listener<ReqT> listener = definition.getServerCallHandler().startCall(call, headers);
    listener.onReady();
    if (call.closes.isEmpty()) {
      listener.onMessage(method.parseRequest(new ByteArrayInputStream(in.rest())));
      listener.onHalfClose();
    }
    String name = method.getFullMethodName();
    if (name.endsWith("/Watch") && call.closes.isEmpty()) {
      // A Watch that was accepted stays open until the client goes away.
      assertThat(call.messages).as("first Watch message").hasSize(1);
      listener.onCancel();
    } else {
      assertThat(call.closes).as("%s ends once", name).hasSize(1);
      Status status = call.closes.get(0);
      assertThat(status.getCode()).as("%s: %s", name, status).isIn(CONTRACT);
      if (status.isOk()) {
        assertThat(call.messages).as("%s answer", name).hasSize(1);
        listener.onComplete();
      } else {
        assertThat(status.getDescription()).as("%s description", name).isNotBlank();
      }
    }
  }
}
