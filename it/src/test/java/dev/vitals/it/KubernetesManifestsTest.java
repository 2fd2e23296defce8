package dev.vitals.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vitals.common.Durations;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * deploy/kubernetes, verified without a cluster: the base and each overlay rendered by {@code
 * kubectl kustomize}, every object parsed into the typed model with no unknown field ({@link
 * KubernetesManifests}), and the facts a rollout depends on asserted. Needs {@code kubectl} on the
 * PATH (skipped, saying so, without it); no Docker.
 */
class KubernetesManifestsTest {

  /**
   * What the server serves with its default configuration: the gRPC port, the HTTP port (with the
   * HTTP endpoint), and the Health services a probe may name. "" is the whole server; the probe
   * profiles (liveness, readiness, startup) come with the checks feature.
   */
  private static final int DEFAULT_GRPC_PORT = 8001;

  private static final int DEFAULT_HTTP_PORT = 8081;
  private static final Set<String> SERVED_HEALTH_SERVICES =
      Set.of("", "startup", "readiness", "liveness");
  private static final Set<String> SERVED_HTTP_PROBE_PATHS = Set.of("/livez", "/readyz");

  @BeforeAll
  static void kubectl() {
    assumeTrue(
        KubernetesManifests.kubectlAvailable(),
        "kubectl is not on the PATH: deploy/kubernetes was not rendered or checked");
  }

  @ParameterizedTest
  @ValueSource(strings = {"base", "overlays/http-probes", "overlays/aggregator"})
  void render_eachKustomization_parsesIntoTypedModel(String kustomization) throws Exception {
    KubernetesManifests manifests = KubernetesManifests.render(kustomization);

    assertThat(manifests.objects()).isNotEmpty();
    assertThat(manifests.all(Deployment.class)).hasSize(1);
    assertThat(manifests.all(ServiceAccount.class)).hasSize(1);
    assertThat(manifests.all(PodDisruptionBudget.class)).hasSize(1);
    assertThat(manifests.all(NetworkPolicy.class)).hasSize(1);
    assertThat(manifests.all(Service.class)).hasSize(2);
  }

  @Test
  void parse_unknownField_fails() {
    String yaml =
        """
        apiVersion: v1
        kind: Service
        metadata: {name: x}
        spec:
          selectr: {app: x}
        """;

    assertThatThrownBy(() -> KubernetesManifests.parse("t", yaml))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("spec.selectr");
  }

  @ParameterizedTest
  @ValueSource(strings = {"base", "overlays/http-probes", "overlays/aggregator"})
  void probes_eachKustomization_nameWhatTheServerServes(String kustomization) throws Exception {
    KubernetesManifests manifests = KubernetesManifests.render(kustomization);
    Container container = container(manifests);
    Map<String, Integer> ports = containerPorts(container);
    Map<String, String> settings = settings(manifests);
    int grpcPort = Integer.parseInt(settings.getOrDefault("VITALS_PORT", "" + DEFAULT_GRPC_PORT));

    for (Probe probe : probes(container)) {
      assertThat(probe.getExec()).as("exec probes start a JVM per probe").isNull();
      assertThat(probe.getTcpSocket()).isNull();
      if (probe.getGrpc() != null) {
        assertThat(probe.getHttpGet()).as("one handler per probe").isNull();
        assertThat(probe.getGrpc().getPort()).isEqualTo(grpcPort).isIn(ports.values());
        assertThat(probe.getGrpc().getService()).isIn(SERVED_HEALTH_SERVICES);
      } else {
        assertThat(probe.getHttpGet()).as("a probe has a handler").isNotNull();
        int httpPort =
            Integer.parseInt(settings.getOrDefault("VITALS_HTTP_PORT", "" + DEFAULT_HTTP_PORT));
        assertThat(resolve(probe.getHttpGet().getPort(), ports)).isEqualTo(httpPort);
        assertThat(probe.getHttpGet().getPath()).isIn(SERVED_HTTP_PROBE_PATHS);
      }
    }
    assertThat(container.getReadinessProbe()).isNotNull();
    assertThat(container.getLivenessProbe()).isNotNull();
    assertThat(container.getStartupProbe()).isNotNull();
  }

  @Test
  void probes_base_useNativeGrpc() throws Exception {
    Container container = container(KubernetesManifests.render("base"));

    assertThat(probes(container)).allSatisfy(probe -> assertThat(probe.getGrpc()).isNotNull());
  }

  @Test
  void probes_httpProbesOverlay_readyzAndLivezOnHttpPort() throws Exception {
    Container container = container(KubernetesManifests.render("overlays/http-probes"));

    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/livez");
  }

  @ParameterizedTest
  @ValueSource(strings = {"base", "overlays/http-probes", "overlays/aggregator"})
  void terminationGrace_exceedsDrainDelayPlusShutdownGrace(String kustomization) throws Exception {
    KubernetesManifests manifests = KubernetesManifests.render(kustomization);
    PodSpec pod = manifests.one(Deployment.class).getSpec().getTemplate().getSpec();
    Map<String, String> settings = settings(manifests);
    Duration drain = Durations.parse(settings.getOrDefault("VITALS_DRAIN_DELAY", "3s"));
    Duration grace = Durations.parse(settings.getOrDefault("VITALS_SHUTDOWN_GRACE", "5s"));
    Probe readiness = container(manifests).getReadinessProbe();

    assertThat(Duration.ofSeconds(pod.getTerminationGracePeriodSeconds()))
        .isGreaterThan(drain.plus(grace));
    // The kubelet must see NOT_SERVING (readiness failing) while the server still answers.
    assertThat(
            Duration.ofSeconds(
                (long) readiness.getPeriodSeconds() * readiness.getFailureThreshold()))
        .isLessThan(drain);
  }

  @ParameterizedTest
  @ValueSource(strings = {"base", "overlays/http-probes", "overlays/aggregator"})
  void securityContext_restricted(String kustomization) throws Exception {
    KubernetesManifests manifests = KubernetesManifests.render(kustomization);
    PodSpec pod = manifests.one(Deployment.class).getSpec().getTemplate().getSpec();
    PodSecurityContext podContext = pod.getSecurityContext();
    Container container = container(manifests);
    SecurityContext context = container.getSecurityContext();

    assertThat(podContext.getRunAsNonRoot()).isTrue();
    assertThat(podContext.getRunAsUser()).isEqualTo(10001L);
    assertThat(podContext.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(context.getAllowPrivilegeEscalation()).isFalse();
    assertThat(context.getReadOnlyRootFilesystem()).isTrue();
    assertThat(context.getPrivileged()).isNotEqualTo(Boolean.TRUE);
    assertThat(context.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(context.getCapabilities().getAdd()).isNullOrEmpty();
    VolumeMount tmp =
        container.getVolumeMounts().stream()
            .filter(m -> m.getMountPath().equals("/tmp"))
            .findFirst()
            .orElseThrow();
    Volume tmpVolume =
        pod.getVolumes().stream()
            .filter(v -> v.getName().equals(tmp.getName()))
            .findFirst()
            .orElseThrow();
    assertThat(tmpVolume.getEmptyDir()).isNotNull();
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    ServiceAccount account = manifests.one(ServiceAccount.class);
    assertThat(account.getAutomountServiceAccountToken()).isFalse();
    assertThat(pod.getServiceAccountName()).isEqualTo(account.getMetadata().getName());
    assertThat(pod.getHostNetwork()).isNotEqualTo(Boolean.TRUE);
  }

  @Test
  void resources_memoryLimitAndRequests() throws Exception {
    Container container = container(KubernetesManifests.render("base"));
    Map<String, Quantity> limits = container.getResources().getLimits();
    Map<String, Quantity> requests = container.getResources().getRequests();

    assertThat(Quantity.getAmountInBytes(limits.get("memory")))
        .isGreaterThanOrEqualTo(Quantity.getAmountInBytes(requests.get("memory")));
    assertThat(requests).containsKeys("cpu", "memory");
  }

  @ParameterizedTest
  @ValueSource(strings = {"base", "overlays/http-probes", "overlays/aggregator"})
  void selectors_matchPodTemplateLabels(String kustomization) throws Exception {
    KubernetesManifests manifests = KubernetesManifests.render(kustomization);
    Deployment deployment = manifests.one(Deployment.class);
    Map<String, String> labels = deployment.getSpec().getTemplate().getMetadata().getLabels();

    assertThat(matches(deployment.getSpec().getSelector(), labels)).isTrue();
    for (Service service : manifests.all(Service.class)) {
      assertThat(service.getSpec().getSelector()).isNotEmpty();
      assertThat(labels).containsAllEntriesOf(service.getSpec().getSelector());
      for (ServicePort port : service.getSpec().getPorts()) {
        assertThat(resolve(port.getTargetPort(), containerPorts(container(manifests))))
            .as("%s port %s targets a container port", service.getMetadata().getName(), port)
            .isPositive();
      }
    }
    assertThat(matches(manifests.one(PodDisruptionBudget.class).getSpec().getSelector(), labels))
        .isTrue();
    assertThat(matches(manifests.one(NetworkPolicy.class).getSpec().getPodSelector(), labels))
        .isTrue();
    List<TopologySpreadConstraint> spread =
        deployment.getSpec().getTemplate().getSpec().getTopologySpreadConstraints();
    assertThat(spread).isNotEmpty();
    for (TopologySpreadConstraint constraint : spread) {
      assertThat(matches(constraint.getLabelSelector(), labels)).isTrue();
    }
    assertThat(deployment.getSpec().getReplicas()).isGreaterThanOrEqualTo(2);
    assertThat(manifests.one(PodDisruptionBudget.class).getSpec().getMinAvailable().getIntVal())
        .isLessThan(deployment.getSpec().getReplicas());
  }

  @Test
  void selectors_aggregatorAndBase_doNotSelectEachOthersPods() throws Exception {
    Map<String, String> base = podLabels(KubernetesManifests.render("base"));
    KubernetesManifests aggregator = KubernetesManifests.render("overlays/aggregator");

    for (Service service : aggregator.all(Service.class)) {
      assertThat(base.entrySet().containsAll(service.getSpec().getSelector().entrySet()))
          .as("%s selects the base's pods", service.getMetadata().getName())
          .isFalse();
    }
    assertThat(matches(aggregator.one(Deployment.class).getSpec().getSelector(), base)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"base", "overlays/http-probes", "overlays/aggregator"})
  void networkPolicy_admitsProbeAndServicePortsOnly(String kustomization) throws Exception {
    KubernetesManifests manifests = KubernetesManifests.render(kustomization);
    Container container = container(manifests);
    Map<String, Integer> ports = containerPorts(container);
    NetworkPolicy policy = manifests.one(NetworkPolicy.class);
    Set<Integer> admitted = new HashSet<>();
    policy
        .getSpec()
        .getIngress()
        .forEach(
            rule -> {
              assertThat(rule.getPorts()).as("every rule names its ports").isNotEmpty();
              for (NetworkPolicyPort port : rule.getPorts()) {
                admitted.add(resolve(port.getPort(), ports));
              }
            });

    assertThat(policy.getSpec().getPolicyTypes()).contains("Ingress");
    for (Probe probe : probes(container)) {
      int port =
          probe.getGrpc() != null
              ? probe.getGrpc().getPort()
              : resolve(probe.getHttpGet().getPort(), ports);
      assertThat(admitted).contains(port);
    }
    assertThat(admitted).containsExactlyInAnyOrderElementsOf(ports.values());
  }

  @ParameterizedTest
  @ValueSource(strings = {"base", "overlays/http-probes", "overlays/aggregator"})
  void image_isTheProjectVersion(String kustomization) throws Exception {
    Container container = container(KubernetesManifests.render(kustomization));

    assertThat(container.getImage())
        .isEqualTo("vitals-server:" + System.getProperty("vitals.version", "0.1.0-SNAPSHOT"));
  }

  @Test
  void adminToken_comesFromAnOptionalSecret() throws Exception {
    Container container = container(KubernetesManifests.render("base"));

    assertThat(container.getEnv())
        .anySatisfy(
            env -> {
              assertThat(env.getName()).isEqualTo("VITALS_ADMIN_TOKEN");
              assertThat(env.getValue()).isNull();
              assertThat(env.getValueFrom().getSecretKeyRef().getOptional()).isTrue();
            });
  }

  @Test
  void aggregator_mountsTheChecksFileItNames() throws Exception {
    KubernetesManifests manifests = KubernetesManifests.render("overlays/aggregator");
    Container container = container(manifests);
    PodSpec pod = manifests.one(Deployment.class).getSpec().getTemplate().getSpec();
    String config =
        container.getEnv().stream()
            .filter(e -> e.getName().equals("VITALS_CONFIG"))
            .findFirst()
            .orElseThrow()
            .getValue();
    VolumeMount mount =
        container.getVolumeMounts().stream()
            .filter(m -> config.startsWith(m.getMountPath() + "/"))
            .findFirst()
            .orElseThrow();
    Volume volume =
        pod.getVolumes().stream()
            .filter(v -> v.getName().equals(mount.getName()))
            .findFirst()
            .orElseThrow();
    ConfigMap checks = manifests.named(ConfigMap.class, volume.getConfigMap().getName());

    assertThat(checks.getData()).containsKey(config.substring(mount.getMountPath().length() + 1));
    assertThat(checks.getData().values().iterator().next()).contains("quorum");
  }

  // --- helpers ---

  static Container container(KubernetesManifests manifests) {
    List<Container> containers =
        manifests.one(Deployment.class).getSpec().getTemplate().getSpec().getContainers();
    assertThat(containers).as(manifests.name() + ": one container").hasSize(1);
    return containers.get(0);
  }

  private static List<Probe> probes(Container container) {
    List<Probe> probes = new ArrayList<>();
    for (Probe probe :
        new Probe[] {
          container.getStartupProbe(), container.getReadinessProbe(), container.getLivenessProbe()
        }) {
      if (probe != null) {
        probes.add(probe);
      }
    }
    return probes;
  }

  private static Map<String, Integer> containerPorts(Container container) {
    Map<String, Integer> ports = new HashMap<>();
    for (ContainerPort port : container.getPorts()) {
      ports.put(port.getName(), port.getContainerPort());
    }
    return ports;
  }

  /** The settings ConfigMap the container takes its environment from. */
  static Map<String, String> settings(KubernetesManifests manifests) {
    Map<String, String> settings = new HashMap<>();
    container(manifests)
        .getEnvFrom()
        .forEach(
            source ->
                settings.putAll(
                    manifests
                        .named(ConfigMap.class, source.getConfigMapRef().getName())
                        .getData()));
    return settings;
  }

  private static int resolve(IntOrString port, Map<String, Integer> containerPorts) {
    if (port.getIntVal() != null) {
      return port.getIntVal();
    }
    Integer resolved = containerPorts.get(port.getStrVal());
    assertThat(resolved).as("named port %s", port.getStrVal()).isNotNull();
    return resolved;
  }

  private static boolean matches(LabelSelector selector, Map<String, String> labels) {
    assertThat(selector.getMatchExpressions()).isNullOrEmpty();
    return !selector.getMatchLabels().isEmpty()
        && labels.entrySet().containsAll(selector.getMatchLabels().entrySet());
  }

  private static Map<String, String> podLabels(KubernetesManifests manifests) {
    return manifests.one(Deployment.class).getSpec().getTemplate().getMetadata().getLabels();
  }
}
