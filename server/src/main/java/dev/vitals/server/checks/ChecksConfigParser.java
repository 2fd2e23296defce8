package dev.vitals.server.checks;

import static java.util.Objects.requireNonNull;
import static java.util.Objects.requireNonNullElse;

import dev.vitals.common.Durations;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads the checks file (YAML) into a {@link ChecksConfig}. It walks SnakeYAML's node tree rather
 * than binding to classes, so that every error names the line and the key, nothing configured is
 * silently ignored (unknown keys fail), and duplicate keys are caught. The first problem found is
 * reported: {@code vitals.yaml:12: checks.db.tcp.address: missing}.
 */
public final class ChecksConfigParser {
  private static final Duration MAX_DURATION = Duration.ofDays(366);
  private static final List<String> TYPE_ORDER =
      List.of("tcp", "http", "https", "grpc", "exec", "ttl");
  private static final Set<String> TYPES = Set.copyOf(TYPE_ORDER);
  private static final List<String> CHECK_KEYS =
      List.of(
          "interval",
          "failing_interval",
          "timeout",
          "fall",
          "rise",
          "jitter",
          "critical",
          "liveness");

  /** Headers the JDK client sets itself and refuses to take from a caller. */
  private static final Set<String> RESTRICTED_HEADERS =
      Set.of("connection", "content-length", "expect", "host", "upgrade");

  private final String file;

  private ChecksConfigParser(String file) {
    this.file = file;
  }

  /** Reads and parses {@code path}; errors name the file by its file name. */
  public static ChecksConfig parse(Path path) throws IOException, ChecksConfigException {
    requireNonNull(path, "path");
    try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      return parse(String.valueOf(path.getFileName()), reader);
    }
  }

  /**
   * Parses YAML from {@code reader}.
   *
   * @param file the name errors start with
   */
  public static ChecksConfig parse(String file, Reader reader) throws ChecksConfigException {
    requireNonNull(file, "file");
    requireNonNull(reader, "reader");
    return new ChecksConfigParser(file).read(reader);
  }

  private ChecksConfig read(Reader reader) throws ChecksConfigException {
    LoaderOptions options = new LoaderOptions();
    options.setAllowRecursiveKeys(false);
    options.setMaxAliasesForCollections(20);
    options.setNestingDepthLimit(20);
    Node root;
    try {
      root = new Yaml(options).compose(reader);
    } catch (MarkedYAMLException e) {
      int line = e.getProblemMark() == null ? 1 : e.getProblemMark().getLine() + 1;
      throw new ChecksConfigException(file, line, "", "invalid YAML: " + e.getProblem());
    } catch (YAMLException e) {
      throw new ChecksConfigException(file, 1, "", "invalid YAML: " + e.getMessage());
    }
    if (root == null) {
      return ChecksConfig.EMPTY;
    }
    Map<String, Entry> top = mapping(root, "", List.of("checks", "services"));
    Map<String, CheckSpec> checks = new LinkedHashMap<>();
    Entry checksEntry = top.get("checks");
    if (checksEntry != null && !isNull(checksEntry.value)) {
      for (Entry check : mapping(checksEntry.value, "checks").values()) {
        checks.put(check.name, check(check));
      }
    }
    Map<String, List<String>> services = new LinkedHashMap<>();
    Entry servicesEntry = top.get("services");
    if (servicesEntry != null && !isNull(servicesEntry.value)) {
      for (Entry service : mapping(servicesEntry.value, "services").values()) {
        services.put(service.name, service(service, checks));
      }
    }
    return new ChecksConfig(checks, services);
  }

  private CheckSpec check(Entry entry) throws ChecksConfigException {
    String path = entry.path;
    String nameProblem = CheckNames.problem(entry.name, false);
    if (nameProblem != null) {
      throw error(entry.key, path, nameProblem);
    }
    Map<String, Entry> keys = mapping(entry.value, path);
    Entry type = null;
    for (Entry key : keys.values()) {
      if (TYPES.contains(key.name)) {
        if (type != null) {
          throw error(
              key.key,
              path,
              "two check types, " + type.name + " and " + key.name + " (one per check)");
        }
        type = key;
      } else if (!CHECK_KEYS.contains(key.name)) {
        throw error(
            key.key,
            key.path,
            type == null && !hasType(keys)
                ? "unknown check type (expected one of " + String.join(", ", TYPE_ORDER) + ")"
                : "unknown key (expected a type or one of " + String.join(", ", CHECK_KEYS) + ")");
      }
    }
    if (type == null) {
      throw error(entry.key, path, "no check type (one of " + String.join(", ", TYPE_ORDER) + ")");
    }
    CheckTarget target = target(type);
    Duration interval = duration(keys.get("interval"), CheckSpec.DEFAULT_INTERVAL);
    Duration failingInterval = duration(keys.get("failing_interval"), interval);
    Duration timeout = duration(keys.get("timeout"), CheckSpec.DEFAULT_TIMEOUT);
    int fall = atLeastOne(keys.get("fall"), CheckSpec.DEFAULT_FALL);
    int rise = atLeastOne(keys.get("rise"), CheckSpec.DEFAULT_RISE);
    int jitter = percent(keys.get("jitter"), CheckSpec.DEFAULT_JITTER_PERCENT, 0);
    boolean critical = bool(keys.get("critical"), true);
    boolean liveness = bool(keys.get("liveness"), false);
    return new CheckSpec(
        entry.name,
        target,
        interval,
        failingInterval,
        timeout,
        fall,
        rise,
        jitter,
        critical,
        liveness);
  }

  private static boolean hasType(Map<String, Entry> keys) {
    return keys.keySet().stream().anyMatch(TYPES::contains);
  }

  private CheckTarget target(Entry type) throws ChecksConfigException {
    switch (type.name) {
      case "tcp" -> {
        Map<String, Entry> keys = mapping(type.value, type.path, List.of("address"));
        Entry address = required(keys, "address", type);
        return tcp(address);
      }
      case "http", "https" -> {
        return http(type);
      }
      case "grpc" -> {
        return grpc(type);
      }
      case "exec" -> {
        Map<String, Entry> keys = mapping(type.value, type.path, List.of("command"));
        Entry command = required(keys, "command", type);
        List<String> words = strings(command);
        if (words.isEmpty()) {
          throw error(command.value, command.path, "must name a program");
        }
        return new CheckTarget.Exec(words);
      }
      default -> {
        return new CheckTarget.Ttl(duration(type));
      }
    }
  }

  private CheckTarget.Tcp tcp(Entry address) throws ChecksConfigException {
    String value = scalar(address);
    int colon = value.lastIndexOf(':');
    if (colon <= 0 || colon == value.length() - 1) {
      throw error(address.value, address.path, "'" + value + "' is not host:port");
    }
    String host = value.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(value.substring(colon + 1));
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port < 1 || port > 65_535 || host.isEmpty()) {
      throw error(address.value, address.path, "'" + value + "' is not host:port (port 1-65535)");
    }
    return new CheckTarget.Tcp(host, port);
  }

  private CheckTarget.Http http(Entry type) throws ChecksConfigException {
    Map<String, Entry> keys = mapping(type.value, type.path, List.of("url", "expect", "headers"));
    Entry urlEntry = required(keys, "url", type);
    String text = scalar(urlEntry);
    URI url;
    try {
      url = new URI(text);
    } catch (URISyntaxException e) {
      // The reason, not the text: a URL may hold a password.
      throw error(urlEntry.value, urlEntry.path, "not a URL: " + e.getReason());
    }
    if (url.getScheme() == null || !url.getScheme().toLowerCase(Locale.ROOT).equals(type.name)) {
      throw error(
          urlEntry.value,
          urlEntry.path,
          "must be an "
              + type.name
              + ":// URL"
              + (type.name.equals("http") ? " (use https: for https:// URLs)" : ""));
    }
    if (url.getHost() == null) {
      throw error(urlEntry.value, urlEntry.path, "has no host");
    }
    int from = 200;
    int to = 399;
    Entry expect = keys.get("expect");
    if (expect != null) {
      String range = scalar(expect);
      String[] ends = range.split("-", -1);
      try {
        from = Integer.parseInt(ends[0].strip());
        to = ends.length == 2 ? Integer.parseInt(ends[1].strip()) : from;
      } catch (NumberFormatException e) {
        from = -1;
      }
      if (ends.length > 2 || from < 100 || to > 599 || from > to) {
        throw error(
            expect.value,
            expect.path,
            "'" + range + "' is not a status range like 200-399 (100-599)");
      }
    }
    Map<String, String> headers = new LinkedHashMap<>();
    Entry headersEntry = keys.get("headers");
    if (headersEntry != null) {
      for (Entry header : mapping(headersEntry.value, headersEntry.path).values()) {
        if (!header.name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
          throw error(header.key, header.path, "not a valid header name");
        }
        if (RESTRICTED_HEADERS.contains(header.name.toLowerCase(Locale.ROOT))) {
          throw error(
              header.key, header.path, "set by the HTTP client itself, cannot be configured");
        }
        String value = scalar(header);
        if (value.chars().anyMatch(c -> (c < 0x20 && c != '\t') || c == 0x7f)) {
          // Never echo the value: header values are treated as secrets.
          throw error(header.value, header.path, "value contains a control character");
        }
        headers.put(header.name, value);
      }
    }
    return new CheckTarget.Http(type.name, url, from, to, headers);
  }

  private CheckTarget.Grpc grpc(Entry type) throws ChecksConfigException {
    Map<String, Entry> keys =
        mapping(
            type.value,
            type.path,
            List.of(
                "address", "addresses", "service", "authority", "tls", "quorum", "forget_after"));
    Entry one = keys.get("address");
    Entry many = keys.get("addresses");
    if (one != null && many != null) {
      throw error(many.key, many.path, "give address or addresses, not both");
    }
    List<String> addresses = new ArrayList<>();
    if (many != null) {
      if (!(many.value instanceof SequenceNode sequence) || sequence.getValue().isEmpty()) {
        throw error(many.value, many.path, "must be a list of addresses, e.g. [\"10.0.0.5:8001\"]");
      }
      List<Node> items = sequence.getValue();
      for (int i = 0; i < items.size(); i++) {
        Entry item = Entry.item(many, i, items.get(i));
        String address = grpcAddress(item);
        if (addresses.contains(address)) {
          throw error(item.value, item.path, "'" + address + "' is listed twice");
        }
        addresses.add(address);
      }
    } else {
      addresses.add(grpcAddress(required(keys, "address", type)));
    }
    Entry serviceEntry = keys.get("service");
    String service = serviceEntry == null ? "" : scalar(serviceEntry);
    String serviceProblem = serviceEntry == null ? null : CheckNames.problem(service, true);
    if (serviceEntry != null && serviceProblem != null) {
      throw error(serviceEntry.value, serviceEntry.path, serviceProblem);
    }
    Entry authorityEntry = keys.get("authority");
    @Nullable String authority = authorityEntry == null ? null : scalar(authorityEntry);
    boolean tls = bool(keys.get("tls"), false);
    Quorum quorum = quorum(keys.get("quorum"));
    Entry forget = keys.get("forget_after");
    Duration forgetAfter =
        forget != null && scalar(forget).strip().equals("0")
            ? Duration.ZERO
            : duration(forget, CheckTarget.Grpc.DEFAULT_FORGET_AFTER);
    return new CheckTarget.Grpc(addresses, service, authority, tls, quorum, forgetAfter);
  }

  private String grpcAddress(Entry entry) throws ChecksConfigException {
    String address = scalar(entry);
    try {
      GrpcAddress.parse(address);
    } catch (IllegalArgumentException e) {
      throw error(entry.value, entry.path, String.valueOf(e.getMessage()));
    }
    return address;
  }

  /** {@code all}, a count ({@code 2}) or a share ({@code 50%}). */
  private Quorum quorum(@Nullable Entry entry) throws ChecksConfigException {
    if (entry == null) {
      return Quorum.ALL;
    }
    String text = scalar(entry).strip();
    if (text.equals("all")) {
      return Quorum.ALL;
    }
    if (text.endsWith("%")) {
      return Quorum.percent(percent(entry, 100, 1));
    }
    int count;
    try {
      count = Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw error(
          entry.value, entry.path, "'" + text + "' is not a quorum (all, a count like 2, or 50%)");
    }
    if (count < 1) {
      throw error(entry.value, entry.path, "must be at least 1 backend, got " + count);
    }
    return Quorum.count(count);
  }

  private List<String> service(Entry entry, Map<String, CheckSpec> checks)
      throws ChecksConfigException {
    String nameProblem = CheckNames.problem(entry.name, true);
    if (nameProblem != null) {
      throw error(entry.key, entry.path, nameProblem);
    }
    if (ProbeProfiles.isProfile(entry.name)) {
      throw error(
          entry.key,
          entry.path,
          "'"
              + entry.name
              + "' is a built-in probe profile (liveness, readiness, startup); choose another name");
    }
    Map<String, Entry> keys = mapping(entry.value, entry.path, List.of("checks"));
    Entry list = required(keys, "checks", entry);
    if (!(list.value instanceof SequenceNode sequenceNode)) {
      throw error(list.value, list.path, "must be a list of check names");
    }
    List<Node> items = sequenceNode.getValue();
    if (items.isEmpty()) {
      throw error(list.value, list.path, "must name at least one check");
    }
    List<String> names = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      Entry item = Entry.item(list, i, items.get(i));
      String name = scalar(item);
      if (!checks.containsKey(name)) {
        throw error(item.value, item.path, "no check named " + CheckNames.segment(name));
      }
      if (names.contains(name)) {
        throw error(item.value, item.path, CheckNames.segment(name) + " is listed twice");
      }
      names.add(name);
    }
    return names;
  }

  // --- node helpers ---

  /**
   * One key of a mapping, with its path ({@code checks.db.tcp}) and nodes; or one item of a list,
   * named by its index, whose key node is the item itself (where errors about it point).
   */
  private static final class Entry {
    final String path;
    final String name;
    final Node value;
    final Node key;

    Entry(String path, String name, Node value, Node key) {
      this.path = path;
      this.name = name;
      this.value = value;
      this.key = key;
    }

    /** Item {@code index} of the list {@code list}. */
    static Entry item(Entry list, int index, Node value) {
      return new Entry(list.path + "[" + index + "]", String.valueOf(index), value, value);
    }
  }

  /**
   * The keys of a mapping node in file order; fails on a non-mapping, a non-scalar or duplicate
   * key, or (when {@code allowed} is given) a key not in it.
   */
  private Map<String, Entry> mapping(Node node, String path) throws ChecksConfigException {
    return mapping(node, path, null);
  }

  private Map<String, Entry> mapping(Node node, String path, @Nullable List<String> allowed)
      throws ChecksConfigException {
    if (!(node instanceof MappingNode mappingNode)) {
      throw error(node, path, "must be a mapping");
    }
    Map<String, Entry> entries = new LinkedHashMap<>();
    for (NodeTuple tuple : mappingNode.getValue()) {
      if (!(tuple.getKeyNode() instanceof ScalarNode)) {
        throw error(tuple.getKeyNode(), path, "keys must be plain strings");
      }
      String name = ((ScalarNode) tuple.getKeyNode()).getValue();
      String keyPath = (path.isEmpty() ? "" : path + ".") + CheckNames.segment(name);
      Entry previous = entries.get(name);
      if (previous != null) {
        throw error(
            tuple.getKeyNode(),
            keyPath,
            "duplicate key (first on line " + line(previous.key) + ")");
      }
      if (allowed != null && !allowed.contains(name)) {
        throw error(
            tuple.getKeyNode(),
            keyPath,
            "unknown key (expected " + String.join(", ", allowed) + ")");
      }
      entries.put(name, new Entry(keyPath, name, tuple.getValueNode(), tuple.getKeyNode()));
    }
    return entries;
  }

  private Entry required(Map<String, Entry> keys, String name, Entry parent)
      throws ChecksConfigException {
    Entry entry = keys.get(name);
    if (entry == null) {
      throw error(parent.key, parent.path + "." + name, "missing");
    }
    return entry;
  }

  private String scalar(Entry entry) throws ChecksConfigException {
    if (!(entry.value instanceof ScalarNode scalarNode) || isNull(entry.value)) {
      throw error(entry.value, entry.path, "must be a single value");
    }
    return scalarNode.getValue();
  }

  private List<String> strings(Entry entry) throws ChecksConfigException {
    if (!(entry.value instanceof SequenceNode sequenceNode)) {
      throw error(entry.value, entry.path, "must be a list, e.g. [\"sh\", \"-c\", \"...\"]");
    }
    List<String> values = new ArrayList<>();
    List<Node> items = sequenceNode.getValue();
    for (int i = 0; i < items.size(); i++) {
      values.add(scalar(Entry.item(entry, i, items.get(i))));
    }
    return values;
  }

  private Duration duration(@Nullable Entry entry, Duration fallback) throws ChecksConfigException {
    return entry == null ? fallback : duration(entry);
  }

  private Duration duration(Entry entry) throws ChecksConfigException {
    String text = scalar(entry);
    if (text.strip().startsWith("-")) {
      throw error(entry.value, entry.path, "must be positive, got '" + text + "'");
    }
    Duration value;
    try {
      value = Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw error(
          entry.value,
          entry.path,
          requireNonNullElse(e.getMessage(), "'" + text + "' is not a duration"));
    }
    if (value.isZero()) {
      throw error(entry.value, entry.path, "must be positive, got '" + text + "'");
    }
    // A year is far more than any interval needs; beyond it, schedule arithmetic could overflow.
    if (value.compareTo(MAX_DURATION) > 0) {
      throw error(entry.value, entry.path, "'" + text + "' is longer than a year");
    }
    return value;
  }

  private int atLeastOne(@Nullable Entry entry, int fallback) throws ChecksConfigException {
    if (entry == null) {
      return fallback;
    }
    String text = scalar(entry);
    int value;
    try {
      value = Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      throw error(entry.value, entry.path, "'" + text + "' is not a whole number");
    }
    if (value < 1) {
      throw error(entry.value, entry.path, "must be at least 1, got " + value);
    }
    return value;
  }

  /** {@code 10%} or {@code 10}, within {@code [min, 100]}. */
  private int percent(@Nullable Entry entry, int fallback, int min) throws ChecksConfigException {
    if (entry == null) {
      return fallback;
    }
    String text = scalar(entry);
    String digits = text.strip();
    if (digits.endsWith("%")) {
      digits = digits.substring(0, digits.length() - 1).strip();
    }
    int value;
    try {
      value = Integer.parseInt(digits);
    } catch (NumberFormatException e) {
      throw error(entry.value, entry.path, "'" + text + "' is not a percentage like 10%");
    }
    if (value > 100) {
      throw error(entry.value, entry.path, "'" + text + "' is over 100%");
    }
    if (value < min) {
      throw error(entry.value, entry.path, "'" + text + "' is under " + min + "%");
    }
    return value;
  }

  private boolean bool(@Nullable Entry entry, boolean fallback) throws ChecksConfigException {
    if (entry == null) {
      return fallback;
    }
    String text = scalar(entry);
    if (text.equals("true") || text.equals("false")) {
      return Boolean.parseBoolean(text);
    }
    throw error(entry.value, entry.path, "must be true or false, got '" + text + "'");
  }

  private static boolean isNull(Node node) {
    return node instanceof ScalarNode && node.getTag().getValue().endsWith(":null");
  }

  private static int line(Node node) {
    return node.getStartMark() == null ? 1 : node.getStartMark().getLine() + 1;
  }

  private ChecksConfigException error(Node at, String path, String problem) {
    return new ChecksConfigException(file, line(at), path, problem);
  }
}
