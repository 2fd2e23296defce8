package dev.vitals.server.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.api.legacy.HealthCheckRequest;
import dev.vitals.api.legacy.HealthCheckResponse.ServingStatus;
import dev.vitals.api.legacy.HealthGrpc;
import dev.vitals.common.HealthStatus;
import dev.vitals.server.ServerConfigBuilder;
import dev.vitals.server.TestServers;
import dev.vitals.server.VitalsServer;
import dev.vitals.testing.GrpcCleanupExtension;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LegacyHealthServiceTest {
  @RegisterExtension final GrpcCleanupExtension cleanup = new GrpcCleanupExtension();

  private VitalsServer server;
  private HealthGrpc.HealthBlockingStub stub;

  private void start(ServerConfigBuilder builder) {
    server = VitalsServer.create(builder.build());
    stub =
        HealthGrpc.newBlockingStub(TestServers.start(cleanup, server))
            .withDeadlineAfter(5, TimeUnit.SECONDS);
  }

  private ServingStatus check(String service) {
    return stub.check(HealthCheckRequest.newBuilder().setService(service).build()).getStatus();
  }

  @Test
  void check_path_isTheOriginalUnpackagedOne() {
    assertThat(HealthGrpc.getCheckMethod().getFullMethodName()).isEqualTo("Health/check");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "test", "anything at all"})
  void check_unregisteredName_answersForWholeServer(String name) {
    start(TestServers.inProcess());
    assertThat(check(name)).isEqualTo(ServingStatus.SERVING);
    server.registry().set("", HealthStatus.NOT_SERVING);
    assertThat(check(name)).isEqualTo(ServingStatus.NOT_SERVING);
  }

  @Test
  void check_registeredName_answersItsOwnStatus() {
    start(TestServers.inProcess().service("db", HealthStatus.NOT_SERVING));
    assertThat(check("db")).isEqualTo(ServingStatus.NOT_SERVING);
    assertThat(check("test")).isEqualTo(ServingStatus.SERVING);
    server.registry().set("db", HealthStatus.UNKNOWN);
    assertThat(check("db")).isEqualTo(ServingStatus.UNKNOWN);
  }

  @Test
  void check_sameRegistryAsV1_seesDrain() {
    start(TestServers.inProcess().service("db", HealthStatus.SERVING));
    server.registry().drain();
    assertThat(check("db")).isEqualTo(ServingStatus.NOT_SERVING);
    assertThat(check("test")).isEqualTo(ServingStatus.NOT_SERVING);
  }
}
