package dev.vitals.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vitals.common.HealthStatus;
import dev.vitals.testing.GrpcCleanupExtension;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The server's lifecycle over a list of endpoints: the gRPC port and, here, a recording one. */
class EndpointLifecycleTest {
  @RegisterExtension final GrpcCleanupExtension cleanup = new GrpcCleanupExtension();

  /** An endpoint that records what the lifecycle asks of it. */
  private static final class RecordingEndpoint implements Endpoint {
    final List<String> calls = new CopyOnWriteArrayList<>();
    final boolean failToStart;
    final boolean terminates;

    RecordingEndpoint(boolean failToStart, boolean terminates) {
      this.failToStart = failToStart;
      this.terminates = terminates;
    }

    @Override
    public void start() throws IOException {
      calls.add("start");
      if (failToStart) {
        throw new IOException("cannot bind the recording endpoint");
      }
    }

    @Override
    public void shutdown() {
      calls.add("shutdown");
    }

    @Override
    public boolean awaitTermination(Duration grace) {
      calls.add("awaitTermination");
      return terminates;
    }

    @Override
    public void shutdownNow() {
      calls.add("shutdownNow");
    }

    @Override
    public void close() {
      calls.add("close");
    }

    @Override
    public String describe() {
      return "recording";
    }
  }

  private VitalsServer server(ServerConfigBuilder config, RecordingEndpoint endpoint) {
    return cleanup.register(VitalsServer.create(config.build(), List.of(registry -> endpoint)));
  }

  @Test
  void drainAndStop_secondEndpoint_isStartedAndStoppedInOrder() throws Exception {
    RecordingEndpoint endpoint = new RecordingEndpoint(false, true);
    VitalsServer server = server(TestServers.inProcess(), endpoint).start();
    assertThat(endpoint.calls).containsExactly("start");
    assertThat(server.registry().get("")).contains(HealthStatus.SERVING);

    server.drainAndStop();

    assertThat(endpoint.calls).containsExactly("start", "shutdown", "awaitTermination", "close");
    assertThat(server.registry().isDraining()).isTrue();
  }

  @Test
  void drainAndStop_endpointStillBusyAfterGrace_isForced() throws Exception {
    RecordingEndpoint endpoint = new RecordingEndpoint(false, false);
    VitalsServer server =
        server(TestServers.inProcess().shutdownGrace(Duration.ofMillis(50)), endpoint).start();

    server.drainAndStop();

    assertThat(endpoint.calls)
        .containsExactly(
            "start", "shutdown", "awaitTermination", "shutdownNow", "awaitTermination", "close");
  }

  @Test
  void start_laterEndpointFails_stopsTheStartedOnesAndThrows() throws Exception {
    String name = io.grpc.inprocess.InProcessServerBuilder.generateName();
    RecordingEndpoint failing = new RecordingEndpoint(true, true);
    VitalsServer server = server(TestServers.inProcess().inProcess(name), failing);

    assertThatThrownBy(server::start)
        .isInstanceOf(IOException.class)
        .hasMessageContaining("recording endpoint");

    assertThat(failing.calls).containsExactly("start", "close");
    // The gRPC endpoint started first was stopped: its in-process name is free again.
    VitalsServer again =
        cleanup
            .register(VitalsServer.create(TestServers.inProcess().inProcess(name).build()))
            .start();
    assertThat(again.port()).isEqualTo(-1);
  }
}
