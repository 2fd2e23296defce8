package dev.vitals.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Capability;
import dev.vitals.client.HealthClient;
import dev.vitals.client.HealthRpcException;
import dev.vitals.client.ServingStatus;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The image run exactly as deploy/kubernetes/base's Deployment runs it (its args, environment from
 * the ConfigMap, user, read-only root, {@code /tmp} as tmpfs, capabilities dropped, no privilege
 * escalation, the memory limit), driven like a kubelet: the startup probe until it passes, then the
 * readiness probe every period, then a pod deletion (SIGTERM with the manifest's grace period).
 */
@Order(2)
class KubernetesDeploymentIT {
  private KubernetesManifests manifests;
  private Container container;
  private PodSpec pod;
  private VitalsServerContainer server;

  @BeforeEach
  void render() throws Exception {
    assumeTrue(
        KubernetesManifests.kubectlAvailable(),
        "kubectl is not on the PATH: deploy/kubernetes was not rendered, nothing to run");
    manifests = KubernetesManifests.render("base");
    pod = manifests.one(Deployment.class).getSpec().getTemplate().getSpec();
    container = KubernetesManifestsTest.container(manifests);
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop();
    }
  }

  @Test
  void podDeletion_readinessFailsWithinOnePeriod_exitsZeroBeforeTheGracePeriod() throws Exception {
    server = deploymentShaped();
    server.start();
    assertRunsAsTheManifestSays();

    Probe startup = container.getStartupProbe();
    Probe readiness = container.getReadinessProbe();
    Duration period = Duration.ofSeconds(readiness.getPeriodSeconds());
    Duration timeout = Duration.ofSeconds(readiness.getTimeoutSeconds());
    assertThat(probe(startup)).isEqualTo("SERVING");
    for (int i = 0; i < 3; i++) {
      assertThat(probe(readiness)).as("readiness before the deletion").isEqualTo("SERVING");
      TimeUnit.MILLISECONDS.sleep(period.toMillis());
    }

    int grace = pod.getTerminationGracePeriodSeconds().intValue();
    long deleted = System.nanoTime();
    // The kubelet sends SIGTERM and SIGKILLs after the grace period: `docker stop -t grace`.
    CompletableFuture<Void> stop =
        CompletableFuture.runAsync(
            () ->
                server
                    .getDockerClient()
                    .stopContainerCmd(server.getContainerId())
                    .withTimeout(grace)
                    .exec());
    List<String> seen = new ArrayList<>();
    Duration firstFailure = null;
    while (!stop.isDone() && firstFailure == null) {
      String result = probe(readiness);
      seen.add(result);
      if (!result.equals("SERVING")) {
        firstFailure = Duration.ofNanos(System.nanoTime() - deleted);
        assertThat(result)
            .as("the first failed probe is an answer: the server still serves while it drains")
            .isEqualTo("NOT_SERVING");
      } else {
        TimeUnit.MILLISECONDS.sleep(period.toMillis());
      }
    }
    stop.get(grace + 30L, TimeUnit.SECONDS);
    Duration stopped = Duration.ofNanos(System.nanoTime() - deleted);

    assertThat(firstFailure).as("readiness failed before the exit, probes: %s", seen).isNotNull();
    assertThat(firstFailure).isLessThanOrEqualTo(period.plus(timeout));
    InspectContainerResponse.ContainerState state =
        server.getDockerClient().inspectContainerCmd(server.getContainerId()).exec().getState();
    assertThat(state.getOOMKilled()).isFalse();
    // 0: the server's own exit after its drain; the SIGKILL at the grace period would be 137.
    assertThat(state.getExitCodeLong()).isZero();
    assertThat(stopped).isLessThan(Duration.ofSeconds(grace));
  }

  /** A container configured from the Deployment's pod template, nothing else. */
  private VitalsServerContainer deploymentShaped() {
    VitalsServerContainer shaped = new VitalsServerContainer();
    Map<String, String> env = new HashMap<>(KubernetesManifestsTest.settings(manifests));
    for (EnvVar variable : container.getEnv()) {
      if (variable.getValue() != null) {
        env.put(variable.getName(), variable.getValue());
      } else {
        // A secretKeyRef: the base's is optional and no Secret exists, so the kubelet sets nothing.
        assertThat(variable.getValueFrom().getSecretKeyRef().getOptional()).isTrue();
      }
    }
    shaped.withEnv(env);
    List<String> command = new ArrayList<>();
    if (container.getCommand() != null) {
      command.addAll(container.getCommand());
    }
    if (container.getArgs() != null) {
      command.addAll(container.getArgs());
    }
    if (!command.isEmpty()) {
      shaped.withCommand(command.toArray(new String[0]));
    }
    for (VolumeMount mount : container.getVolumeMounts()) {
      Volume volume =
          pod.getVolumes().stream()
              .filter(v -> v.getName().equals(mount.getName()))
              .findFirst()
              .orElseThrow();
      assertThat(volume.getEmptyDir()).as("only emptyDir volumes are emulated").isNotNull();
      String size =
          volume.getEmptyDir().getSizeLimit() == null
              ? ""
              : ",size="
                  + Quantity.getAmountInBytes(volume.getEmptyDir().getSizeLimit()).longValue();
      shaped.withTmpFs(Map.of(mount.getMountPath(), "rw,nosuid,nodev" + size));
    }
    PodSecurityContext podContext = pod.getSecurityContext();
    String user = podContext.getRunAsUser() + ":" + podContext.getRunAsGroup();
    long memory =
        Quantity.getAmountInBytes(container.getResources().getLimits().get("memory")).longValue();
    boolean readOnly = container.getSecurityContext().getReadOnlyRootFilesystem();
    boolean noNewPrivileges = !container.getSecurityContext().getAllowPrivilegeEscalation();
    List<String> drop = container.getSecurityContext().getCapabilities().getDrop();
    shaped.withCreateContainerCmdModifier(
        cmd -> {
          cmd.withUser(user);
          cmd.getHostConfig()
              .withReadonlyRootfs(readOnly)
              .withCapDrop(drop.stream().map(Capability::valueOf).toArray(Capability[]::new))
              .withMemory(memory)
              .withMemorySwap(memory)
              .withSecurityOpts(noNewPrivileges ? List.of("no-new-privileges") : List.of());
        });
    return shaped;
  }

  private void assertRunsAsTheManifestSays() {
    InspectContainerResponse info =
        server.getDockerClient().inspectContainerCmd(server.getContainerId()).exec();
    assertThat(info.getConfig().getUser()).isEqualTo("10001:10001");
    assertThat(info.getHostConfig().getReadonlyRootfs()).isTrue();
    assertThat(info.getHostConfig().getCapDrop()).containsExactly(Capability.ALL);
    assertThat(info.getHostConfig().getMemory())
        .isEqualTo(
            Quantity.getAmountInBytes(container.getResources().getLimits().get("memory"))
                .longValue());
  }

  /**
   * One kubelet gRPC probe: a new connection, Check of the probe's service with its timeout.
   * Returns the status, or the failure as {@code error: CODE}.
   */
  private String probe(Probe probe) throws InterruptedException {
    assertThat(probe.getGrpc().getPort()).isEqualTo(VitalsServerContainer.GRPC_PORT);
    ManagedChannel channel;
    try {
      channel = server.newChannel();
    } catch (IllegalStateException e) {
      return "error: " + e.getMessage();
    }
    try {
      ServingStatus status =
          HealthClient.create(channel)
              .withDeadline(Duration.ofSeconds(probe.getTimeoutSeconds()))
              .check(probe.getGrpc().getService());
      return status.name();
    } catch (HealthRpcException e) {
      return "error: " + e.code();
    } finally {
      VitalsServerContainer.shutdown(channel);
    }
  }
}
