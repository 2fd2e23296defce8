package dev.vitals.server.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.api.health.v1.HealthCheckResponse;
import dev.vitals.api.health.v1.HealthCheckResponse.ServingStatus;
import dev.vitals.api.health.v1.HealthGrpc;
import dev.vitals.common.HealthStatus;
import dev.vitals.server.status.StatusRegistry;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import org.junit.jupiter.api.Test;

class SerializedResponsesTest {
  private final ServerServiceDefinition service =
      new HealthV1Service(new StatusRegistry(Clock.systemUTC()), 100).bindSerialized();

  @SuppressWarnings("unchecked")
  private MethodDescriptor.Marshaller<HealthCheckResponse> checkResponses() {
    return (MethodDescriptor.Marshaller<HealthCheckResponse>)
        service
            .getMethod(HealthGrpc.getCheckMethod().getFullMethodName())
            .getMethodDescriptor()
            .getResponseMarshaller();
  }

  @Test
  void stream_constantResponse_isItsSerialisedBytesWithKnownLength() throws IOException {
    HealthCheckResponse serving = HealthResponses.v1(HealthStatus.SERVING);

    InputStream stream = checkResponses().stream(serving);

    assertThat(stream).isInstanceOf(KnownLength.class);
    assertThat(stream.available()).isEqualTo(serving.getSerializedSize());
    assertThat(stream.readAllBytes()).isEqualTo(serving.toByteArray());
    assertThat(checkResponses().stream(serving).readAllBytes())
        .as("the shared bytes are not consumed by one send")
        .isEqualTo(serving.toByteArray());
  }

  @Test
  void stream_drainTo_writesTheBytes() throws IOException {
    HealthCheckResponse notServing = HealthResponses.v1(HealthStatus.NOT_SERVING);
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    int written = ((io.grpc.Drainable) checkResponses().stream(notServing)).drainTo(out);

    assertThat(written).isEqualTo(notServing.getSerializedSize());
    assertThat(HealthCheckResponse.parseFrom(out.toByteArray()).getStatus())
        .isEqualTo(ServingStatus.NOT_SERVING);
  }

  @Test
  void stream_otherResponse_goesThroughTheOriginalMarshaller() throws IOException {
    HealthCheckResponse equalButNotConstant =
        HealthCheckResponse.newBuilder().setStatus(ServingStatus.SERVING).build();

    HealthCheckResponse parsed =
        checkResponses().parse(checkResponses().stream(equalButNotConstant));

    assertThat(parsed).isEqualTo(equalButNotConstant);
  }

  @Test
  void cache_keepsEveryMethodAndTheSchemaForReflection() {
    ServerServiceDefinition plain = HealthGrpc.bindService(new HealthGrpc.AsyncService() {});

    assertThat(service.getServiceDescriptor().getSchemaDescriptor())
        .isSameAs(plain.getServiceDescriptor().getSchemaDescriptor());
    assertThat(service.getMethods())
        .extracting(m -> m.getMethodDescriptor().getFullMethodName())
        .containsExactlyInAnyOrderElementsOf(
            plain.getMethods().stream()
                .map(m -> m.getMethodDescriptor().getFullMethodName())
                .toList());
  }
}
