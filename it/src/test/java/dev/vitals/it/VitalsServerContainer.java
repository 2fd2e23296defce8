package dev.vitals.it;

import static java.util.Objects.requireNonNull;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.Slf4jLogConsumer;
import org.testcontainers.utility.DockerImageName;

/**
 * The {@code vitals-server} image the build has just made, as a Testcontainers container.
 *
 * <p>Its gRPC and HTTP ports are published on 127.0.0.1 only, it is never pulled from a registry,
 * its logs go to the test log (logger {@code vitals-server}), and it counts as started only once
 * {@code grpc.health.v1.Health/Check} answers SERVING ({@link ServingWaitStrategy}).
 */
final class VitalsServerContainer extends GenericContainer<VitalsServerContainer> {
  static final int GRPC_PORT = 8001;

  /** The HTTP port: probes, {@code /health}, {@code /metrics}, the status page. */
  static final int HTTP_PORT = 8081;

  /** The image under test: set by the build (failsafe), the local {@code :latest} otherwise. */
  static final DockerImageName IMAGE =
      DockerImageName.parse(System.getProperty("vitals.image", "vitals-server:latest"));

  VitalsServerContainer() {
    super(IMAGE);
    withExposedPorts(GRPC_PORT, HTTP_PORT);
    // Built locally by the image module: a pull could only fail (or fetch something else).
    withImagePullPolicy(image -> false);
    withLogConsumer(new Slf4jLogConsumer(LoggerFactory.getLogger("vitals-server")));
    // A random host port on loopback, not on every interface as Testcontainers would publish it.
    withCreateContainerCmdModifier(
        cmd ->
            cmd.getHostConfig()
                .withPortBindings(
                    new PortBinding(Ports.Binding.bindIp("127.0.0.1"), ExposedPort.tcp(GRPC_PORT)),
                    new PortBinding(
                        Ports.Binding.bindIp("127.0.0.1"), ExposedPort.tcp(HTTP_PORT))));
    waitingFor(new ServingWaitStrategy(GRPC_PORT).withStartupTimeout(Duration.ofSeconds(90)));
  }

  /** Serves the admin API with this bearer token ({@code VITALS_ADMIN_TOKEN}). */
  VitalsServerContainer withAdminToken(String token) {
    return withEnv("VITALS_ADMIN_TOKEN", requireNonNull(token, "token"));
  }

  /** Initial statuses, {@code NAME=STATUS} comma-separated ({@code VITALS_SERVICES}). */
  VitalsServerContainer withServices(String services) {
    return withEnv("VITALS_SERVICES", requireNonNull(services, "services"));
  }

  /** How long to answer NOT_SERVING after SIGTERM before ending streams. */
  VitalsServerContainer withDrainDelay(Duration delay) {
    return withEnv("VITALS_DRAIN_DELAY", delay.toMillis() + "ms");
  }

  /** After the drain delay, how long to wait for calls in flight. */
  VitalsServerContainer withShutdownGrace(Duration grace) {
    return withEnv("VITALS_SHUTDOWN_GRACE", grace.toMillis() + "ms");
  }

  /**
   * {@code host:port} of the gRPC port as Docker publishes it now: read afresh, because a {@code
   * docker restart} may publish it on another host port.
   */
  String grpcTarget() {
    InspectContainerResponse info = getDockerClient().inspectContainerCmd(getContainerId()).exec();
    Ports.Binding[] bindings =
        info.getNetworkSettings().getPorts().getBindings().get(ExposedPort.tcp(GRPC_PORT));
    if (bindings == null || bindings.length == 0) {
      throw new IllegalStateException(
          "port "
              + GRPC_PORT
              + " is not published (container "
              + info.getState().getStatus()
              + ")");
    }
    return getHost() + ":" + bindings[0].getHostPortSpec();
  }

  /** {@code http://host:port} of the HTTP port as published, followed by {@code path}. */
  URI httpUri(String path) {
    return URI.create("http://" + getHost() + ":" + getMappedPort(HTTP_PORT) + path);
  }

  /** A plaintext channel to the server; the caller shuts it down. */
  ManagedChannel newChannel() {
    return channelTo(grpcTarget());
  }

  static ManagedChannel channelTo(String target) {
    return NettyChannelBuilder.forTarget(target).usePlaintext().build();
  }

  static void shutdown(ManagedChannel channel) throws InterruptedException {
    channel.shutdownNow();
    if (!channel.awaitTermination(10, TimeUnit.SECONDS)) {
      throw new AssertionError("channel did not terminate: " + channel);
    }
  }
}
