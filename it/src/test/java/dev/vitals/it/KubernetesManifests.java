package dev.vitals.it;

import static java.util.Objects.requireNonNull;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.json.JsonMapper;

/**
 * The objects of one kustomization under {@code deploy/kubernetes}, rendered by {@code kubectl
 * kustomize} (what {@code kubectl apply -k} applies) and parsed into fabric8's typed Kubernetes
 * model. A field the model does not know (a typo, a field at the wrong level) fails the parse:
 * fabric8 would keep it in {@code additionalProperties}, so every object is walked and any such
 * field is an error naming its path.
 */
final class KubernetesManifests {

  /** The kinds deploy/kubernetes uses; any other kind is an error, not silently skipped. */
  private static final Map<String, Class<? extends HasMetadata>> KINDS =
      Map.of(
          "apps/v1/Deployment", Deployment.class,
          "v1/Service", Service.class,
          "v1/ServiceAccount", ServiceAccount.class,
          "v1/ConfigMap", ConfigMap.class,
          "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
          "networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class);

  /** fabric8's model is Jackson 3 annotated; its own mapper settings are not needed for reading. */
  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  private static final Map<String, KubernetesManifests> RENDERED = new ConcurrentHashMap<>();

  private final String name;
  private final List<HasMetadata> objects;

  private KubernetesManifests(String name, List<HasMetadata> objects) {
    this.name = name;
    this.objects = List.copyOf(objects);
  }

  /**
   * {@code deploy/kubernetes}, from the {@code vitals.kubernetes.dir} system property (the POM).
   */
  static Path directory() {
    String dir = System.getProperty("vitals.kubernetes.dir", "../deploy/kubernetes");
    return Path.of(dir).toAbsolutePath().normalize();
  }

  /** Whether {@code kubectl} (with its built-in kustomize) is on the PATH. */
  static boolean kubectlAvailable() {
    try {
      Process process =
          new ProcessBuilder("kubectl", "version", "--client").redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Renders {@code deploy/kubernetes/<kustomization>} ({@code base}, {@code overlays/...}) and
   * parses every object.
   */
  static KubernetesManifests render(String kustomization) throws IOException, InterruptedException {
    requireNonNull(kustomization, "kustomization");
    // kubectl takes about a second per render on a loaded machine; the files do not change in a
    // run.
    KubernetesManifests rendered = RENDERED.get(kustomization);
    if (rendered == null) {
      rendered = renderOnce(kustomization);
      RENDERED.putIfAbsent(kustomization, rendered);
    }
    return rendered;
  }

  private static KubernetesManifests renderOnce(String kustomization)
      throws IOException, InterruptedException {
    Path dir = directory().resolve(kustomization);
    if (!Files.isRegularFile(dir.resolve("kustomization.yaml"))) {
      throw new IllegalArgumentException("no kustomization.yaml in " + dir);
    }
    Process process =
        new ProcessBuilder("kubectl", "kustomize", dir.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String yaml;
    try (InputStream out = process.getInputStream()) {
      yaml = new String(out.readAllBytes(), StandardCharsets.UTF_8);
    }
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException("kubectl kustomize " + dir + " failed (see stderr)");
    }
    return parse(kustomization, yaml);
  }

  /** Parses a multi-document YAML stream of Kubernetes objects. */
  static KubernetesManifests parse(String name, String yaml) {
    List<HasMetadata> objects = new ArrayList<>();
    Yaml parser = new Yaml(new SafeConstructor(new LoaderOptions()));
    for (Object document : parser.loadAll(yaml)) {
      if (document == null) {
        continue;
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> map = (Map<String, Object>) document;
      String key = map.get("apiVersion") + "/" + map.get("kind");
      Class<? extends HasMetadata> type = KINDS.get(key);
      if (type == null) {
        throw new IllegalArgumentException(name + ": unexpected kind " + key);
      }
      HasMetadata object;
      try {
        object = MAPPER.convertValue(map, type);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(name + ": " + key + ": " + e.getMessage(), e);
      }
      List<String> unknown = new ArrayList<>();
      unknownFields(object, key + " " + object.getMetadata().getName(), unknown);
      if (!unknown.isEmpty()) {
        throw new IllegalArgumentException(name + ": fields the model does not know: " + unknown);
      }
      objects.add(object);
    }
    return new KubernetesManifests(name, objects);
  }

  /**
   * Collects the fields fabric8 kept in {@code additionalProperties} (its catch-all for unknown
   * JSON fields), walking every getter that returns a model object, a list or a map.
   */
  private static void unknownFields(Object node, String path, List<String> unknown) {
    if (node instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        unknownFields(list.get(i), path + "[" + i + "]", unknown);
      }
      return;
    }
    if (node instanceof Map<?, ?> map) {
      map.forEach((k, v) -> unknownFields(v, path + "." + k, unknown));
      return;
    }
    if (!(node instanceof KubernetesResource)) {
      return;
    }
    for (Method method : node.getClass().getMethods()) {
      if (method.getParameterCount() != 0
          || Modifier.isStatic(method.getModifiers())
          || !method.getName().startsWith("get")
          || method.getDeclaringClass() == Object.class) {
        continue;
      }
      Object value;
      try {
        value = method.invoke(node);
      } catch (IllegalAccessException | InvocationTargetException e) {
        throw new IllegalStateException(path + "." + method.getName(), e);
      }
      if (value == null) {
        continue;
      }
      if (method.getName().equals("getAdditionalProperties")) {
        ((Map<?, ?>) value).keySet().forEach(k -> unknown.add(path + "." + k));
      } else {
        String field =
            Character.toLowerCase(method.getName().charAt(3)) + method.getName().substring(4);
        unknownFields(value, path + "." + field, unknown);
      }
    }
  }

  /** Which kustomization these objects came from. */
  String name() {
    return name;
  }

  /** Every object, in kubectl's order. */
  List<HasMetadata> objects() {
    return objects;
  }

  /** Every object of one type. */
  <T extends HasMetadata> List<T> all(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** The one object of this type; fails if there are none or several. */
  <T extends HasMetadata> T one(Class<T> type) {
    List<T> found = all(type);
    if (found.size() != 1) {
      throw new IllegalStateException(
          name + ": expected one " + type.getSimpleName() + ", found " + found.size());
    }
    return found.get(0);
  }

  /** The object of this type and name. */
  <T extends HasMetadata> T named(Class<T> type, String objectName) {
    return all(type).stream()
        .filter(o -> o.getMetadata().getName().equals(objectName))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    name + ": no " + type.getSimpleName() + " named " + objectName));
  }
}
