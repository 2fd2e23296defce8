package dev.vitals.server.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ChecksConfigParserTest {
  /** The example from the issue, as users will write it. */
  static final String EXAMPLE =
      String.join(
          "\n",
          "checks:",
          "  db:                      # a check's name",
          "    tcp: { address: \"postgres:5432\" }",
          "    interval: 5s",
          "    timeout: 1s",
          "    fall: 3",
          "    rise: 2",
          "  web:",
          "    http: { url: \"http://web:8080/healthz\", expect: \"200-399\", headers: { X-Probe: vitals } }",
          "  api:",
          "    grpc: { address: \"dns:///api-headless:8001\", service: \"\", quorum: \"50%\" }",
          "  jobs:",
          "    ttl: 2m",
          "  disk:",
          "    exec: { command: [\"sh\", \"-c\", \"test -w /data\"] }",
          "    critical: false",
          "services:",
          "  orders: { checks: [db, api] }",
          "  \"\": { checks: [db] }",
          "");

  private static ChecksConfig parse(String yaml) throws ChecksConfigException {
    return ChecksConfigParser.parse("vitals.yaml", new StringReader(yaml));
  }

  @Test
  void parse_theIssueExample() throws Exception {
    ChecksConfig config = parse(EXAMPLE);

    assertThat(config.checks()).containsOnlyKeys("db", "web", "api", "jobs", "disk");
    CheckSpec db = config.checks().get("db");
    assertThat(db.target()).isEqualTo(new CheckTarget.Tcp("postgres", 5432));
    assertThat(db.interval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(db.failingInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(db.timeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(db.fall()).isEqualTo(3);
    assertThat(db.rise()).isEqualTo(2);
    assertThat(config.checks().get("web").target())
        .isEqualTo(
            new CheckTarget.Http(
                "http",
                URI.create("http://web:8080/healthz"),
                200,
                399,
                Map.of("X-Probe", "vitals")));
    assertThat(config.checks().get("api").target())
        .isEqualTo(
            new CheckTarget.Grpc(
                List.of("dns:///api-headless:8001"),
                "",
                null,
                false,
                Quorum.percent(50),
                CheckTarget.Grpc.DEFAULT_FORGET_AFTER));
    assertThat(config.checks().get("jobs").target())
        .isEqualTo(new CheckTarget.Ttl(Duration.ofMinutes(2)));
    CheckSpec disk = config.checks().get("disk");
    assertThat(disk.target()).isEqualTo(new CheckTarget.Exec(List.of("sh", "-c", "test -w /data")));
    assertThat(disk.critical()).isFalse();
    assertThat(config.services())
        .containsExactly(Map.entry("orders", List.of("db", "api")), Map.entry("", List.of("db")));
  }

  @ParameterizedTest
  @MethodSource("quorums")
  void parse_grpcQuorum_allCountOrShare(String written, Quorum expected) throws Exception {
    CheckSpec api =
        parse("checks:\n  api:\n    grpc: { address: \"api:1\", quorum: \"" + written + "\" }\n")
            .checks()
            .get("api");

    assertThat(((CheckTarget.Grpc) api.target()).quorum()).isEqualTo(expected);
  }

  static Stream<Arguments> quorums() {
    return Stream.of(
        Arguments.of("all", Quorum.ALL),
        Arguments.of("2", Quorum.count(2)),
        Arguments.of("50%", Quorum.percent(50)),
        Arguments.of("100%", Quorum.percent(100)),
        Arguments.of(" 1 ", Quorum.count(1)));
  }

  @Test
  void parse_grpcAddresses_listDefaultsAndForgetAfter() throws Exception {
    CheckTarget target =
        parse(
                "checks:\n  api:\n    grpc:\n      addresses: [\"10.0.0.5:8001\","
                    + " \"dns:///api:8001\", \"unix:/run/api.sock\"]\n"
                    + "      forget_after: 0\n")
            .checks()
            .get("api")
            .target();

    assertThat(target)
        .isEqualTo(
            new CheckTarget.Grpc(
                List.of("10.0.0.5:8001", "dns:///api:8001", "unix:/run/api.sock"),
                "",
                null,
                false,
                Quorum.ALL,
                Duration.ZERO));
  }

  @Test
  void parse_defaults() throws Exception {
    CheckSpec web =
        parse("checks:\n  web:\n    https: { url: \"https://web/\" }\n").checks().get("web");

    assertThat(web)
        .isEqualTo(
            CheckSpec.of(
                "web",
                new CheckTarget.Http("https", URI.create("https://web/"), 200, 399, Map.of())));
    assertThat(web.interval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(web.timeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(web.fall()).isEqualTo(3);
    assertThat(web.rise()).isEqualTo(2);
    assertThat(web.jitterPercent()).isEqualTo(10);
    assertThat(web.critical()).isTrue();
    assertThat(web.liveness()).isFalse();
  }

  @Test
  void parse_everyKnob() throws Exception {
    CheckSpec db =
        parse(
                String.join(
                    "\n",
                    "checks:",
                    "  db:",
                    "    tcp: { address: \"[::1]:5432\" }",
                    "    interval: 1m30s",
                    "    failing_interval: .5s",
                    "    timeout: 500ms",
                    "    fall: 1",
                    "    rise: 5",
                    "    jitter: 0%",
                    "    liveness: true",
                    ""))
            .checks()
            .get("db");

    assertThat(db)
        .isEqualTo(
            new CheckSpec(
                "db",
                new CheckTarget.Tcp("::1", 5432),
                Duration.ofSeconds(90),
                Duration.ofMillis(500),
                Duration.ofMillis(500),
                1,
                5,
                0,
                true,
                true));
    assertThat(db.target().display()).isEqualTo("[::1]:5432");
  }

  @Test
  void parse_wholeServerDefaultsToEveryCriticalCheck() throws Exception {
    ChecksConfig config =
        parse(
            String.join(
                "\n",
                "checks:",
                "  db: { tcp: { address: \"db:1\" } }",
                "  disk: { exec: { command: [\"true\"] }, critical: false }",
                "  cache: { tcp: { address: \"cache:1\" } }",
                "services:",
                "  orders: { checks: [disk] }",
                ""));

    assertThat(config.services())
        .containsExactly(
            Map.entry("orders", List.of("disk")), Map.entry("", List.of("db", "cache")));
  }

  @Test
  void parse_emptyFile_isNoChecks() throws Exception {
    assertThat(parse("")).isEqualTo(ChecksConfig.EMPTY);
    assertThat(parse("# nothing yet\nchecks:\n")).isEqualTo(ChecksConfig.EMPTY);
  }

  @Test
  void parse_path_namesTheFileInErrors(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("checks.yaml");
    Files.writeString(file, "checks:\n  db:\n    tcp: {}\n");

    assertThatThrownBy(() -> ChecksConfigParser.parse(file))
        .isInstanceOf(ChecksConfigException.class)
        .hasMessage("checks.yaml:3: checks.db.tcp.address: missing")
        .satisfies(
            e -> {
              ChecksConfigException error = (ChecksConfigException) e;
              assertThat(error.file()).isEqualTo("checks.yaml");
              assertThat(error.line()).isEqualTo(3);
              assertThat(error.key()).isEqualTo("checks.db.tcp.address");
              assertThat(error.problem()).isEqualTo("missing");
            });
  }

  static Stream<Arguments> badConfigs() {
    String longName = "a".repeat(1025);
    return Stream.of(
        Arguments.of(
            "checks:\n  db:\n    tcp: {}\n", "vitals.yaml:3: checks.db.tcp.address: missing"),
        Arguments.of(
            "checks:\n  db:\n    tcpp: { address: \"db:1\" }\n",
            "vitals.yaml:3: checks.db.tcpp: unknown check type (expected one of tcp, http, https,"
                + " grpc, exec, ttl)"),
        Arguments.of(
            "checks:\n  db:\n    interval: 5s\n",
            "vitals.yaml:2: checks.db: no check type (one of tcp, http, https, grpc, exec, ttl)"),
        Arguments.of(
            "checks:\n  db:\n    tcp: { address: \"db:1\" }\n    ttl: 1m\n",
            "vitals.yaml:4: checks.db: two check types, tcp and ttl (one per check)"),
        Arguments.of(
            "checks:\n  db:\n    tcp: { address: \"db:1\" }\n    intervall: 5s\n",
            "vitals.yaml:4: checks.db.intervall: unknown key (expected a type or one of interval,"
                + " failing_interval, timeout, fall, rise, jitter, critical, liveness)"),
        Arguments.of(
            "checks:\n  db:\n    tcp: { address: \"db:1\" }\n    interval: -5s\n",
            "vitals.yaml:4: checks.db.interval: must be positive, got '-5s'"),
        Arguments.of(
            "checks:\n  db:\n    tcp: { address: \"db:1\" }\n    interval: 0\n",
            "vitals.yaml:4: checks.db.interval: must be positive, got '0'"),
        Arguments.of(
            "checks:\n  db:\n    tcp: { address: \"db:1\" }\n    timeout: 5 s\n",
            "vitals.yaml:4: checks.db.timeout: '5 s' is not a duration (examples: 500ms, 3s,"
                + " 1m30s, PT5S)"),
        Arguments.of(
            "checks:\n  db:\n    tcp: { address: \"db:1\" }\n    interval: 9000h\n",
            "vitals.yaml:4: checks.db.interval: '9000h' is longer than a year"),
        Arguments.of(
            "checks:\n  db:\n    tcp: { address: \"db:1\" }\n    interval: PT-5S\n",
            "vitals.yaml:4: checks.db.interval: duration 'PT-5S' is negative"),
        Arguments.of(
            "checks:\n  db:\n    tcp: { address: \"db:1\" }\n    timeout: 0\n",
            "vitals.yaml:4: checks.db.timeout: must be positive, got '0'"),
        Arguments.of(
            "checks:\n  db:\n    tcp: { address: \"db:1\" }\n    fall: 0\n",
            "vitals.yaml:4: checks.db.fall: must be at least 1, got 0"),
        Arguments.of(
            "checks:\n  db:\n    tcp: { address: \"db:1\" }\n    rise: two\n",
            "vitals.yaml:4: checks.db.rise: 'two' is not a whole number"),
        Arguments.of(
            "checks:\n  db:\n    tcp: { address: \"db:1\" }\n    jitter: 150%\n",
            "vitals.yaml:4: checks.db.jitter: '150%' is over 100%"),
        Arguments.of(
            "checks:\n  db:\n    tcp: { address: \"db:1\" }\n    jitter: -1%\n",
            "vitals.yaml:4: checks.db.jitter: '-1%' is under 0%"),
        Arguments.of(
            "checks:\n  db:\n    tcp: { address: \"db:1\" }\n    critical: yes\n",
            "vitals.yaml:4: checks.db.critical: must be true or false, got 'yes'"),
        Arguments.of(
            "checks:\n  api:\n    grpc: { address: \"api:1\", quorum: \"150%\" }\n",
            "vitals.yaml:3: checks.api.grpc.quorum: '150%' is over 100%"),
        Arguments.of(
            "checks:\n  api:\n    grpc: { address: \"api:1\", quorum: \"0%\" }\n",
            "vitals.yaml:3: checks.api.grpc.quorum: '0%' is under 1%"),
        Arguments.of(
            "checks:\n  api:\n    grpc: { adress: \"api:1\" }\n",
            "vitals.yaml:3: checks.api.grpc.adress: unknown key (expected address, addresses,"
                + " service, authority, tls, quorum, forget_after)"),
        Arguments.of(
            "checks:\n  api:\n    grpc: { address: \"api:1\", quorum: \"0\" }\n",
            "vitals.yaml:3: checks.api.grpc.quorum: must be at least 1 backend, got 0"),
        Arguments.of(
            "checks:\n  api:\n    grpc: { address: \"api:1\", quorum: \"most\" }\n",
            "vitals.yaml:3: checks.api.grpc.quorum: 'most' is not a quorum (all, a count like 2,"
                + " or 50%)"),
        Arguments.of(
            "checks:\n  api:\n    grpc: { address: \"api:1\", addresses: [\"b:1\"] }\n",
            "vitals.yaml:3: checks.api.grpc.addresses: give address or addresses, not both"),
        Arguments.of(
            "checks:\n  api:\n    grpc: { addresses: [] }\n",
            "vitals.yaml:3: checks.api.grpc.addresses: must be a list of addresses, e.g."
                + " [\"10.0.0.5:8001\"]"),
        Arguments.of(
            "checks:\n  api:\n    grpc: { addresses: [\"a:1\", \"a:1\"] }\n",
            "vitals.yaml:3: checks.api.grpc.addresses[1]: 'a:1' is listed twice"),
        Arguments.of(
            "checks:\n  api:\n    grpc: { address: \"dns:///api\" }\n",
            "vitals.yaml:3: checks.api.grpc.address: 'dns:///api' is not host:port or"
                + " dns:///host:port (port 1-65535)"),
        Arguments.of(
            "checks:\n  api:\n    grpc: { address: \"dns://8.8.8.8/api:1\" }\n",
            "vitals.yaml:3: checks.api.grpc.address: 'dns://8.8.8.8/api:1' is not dns:///host:port"
                + " (a DNS server cannot be named)"),
        Arguments.of(
            "checks:\n  api:\n    grpc: { address: \"api:1\", forget_after: -1s }\n",
            "vitals.yaml:3: checks.api.grpc.forget_after: must be positive, got '-1s'"),
        Arguments.of(
            "checks:\n  db: { tcp: { address: \"db:1\" } }\nservices:\n"
                + "  orders: { checks: [db, api] }\n",
            "vitals.yaml:4: services.orders.checks[1]: no check named api"),
        Arguments.of(
            "checks:\n  db: { tcp: { address: \"db:1\" } }\nservices:\n"
                + "  orders: { checks: [db, db] }\n",
            "vitals.yaml:4: services.orders.checks[1]: db is listed twice"),
        Arguments.of(
            "checks:\n  db: { tcp: { address: \"db:1\" } }\nservices:\n"
                + "  orders: { checks: [] }\n",
            "vitals.yaml:4: services.orders.checks: must name at least one check"),
        Arguments.of(
            "checks:\n  db: { tcp: { address: \"db:1\" } }\nservices:\n  orders: {}\n",
            "vitals.yaml:4: services.orders.checks: missing"),
        Arguments.of(
            "checks:\n  db: { tcp: { address: \"a:1\" } }\n  db: { ttl: 1m }\n",
            "vitals.yaml:3: checks.db: duplicate key (first on line 2)"),
        Arguments.of(
            "checks:\n  db: { tcp: { address: \"a:1\" } }\nservices:\n"
                + "  o: { checks: [db] }\n  o: { checks: [db] }\n",
            "vitals.yaml:5: services.o: duplicate key (first on line 4)"),
        Arguments.of(
            "checks:\n  \"\": { tcp: { address: \"a:1\" } }\n",
            "vitals.yaml:2: checks.\"\": name is empty"),
        Arguments.of(
            "checks:\n  \"  \": { tcp: { address: \"a:1\" } }\n",
            "vitals.yaml:2: checks.\"  \": name is blank"),
        Arguments.of(
            "checks:\n  \"d\\tb\": { tcp: { address: \"a:1\" } }\n",
            "vitals.yaml:2: checks.\"d\\u0009b\": name contains a control character at index 1"),
        // An explicit key ("? "): YAML limits implicit keys to 1,024 characters.
        Arguments.of(
            "checks:\n  ? " + longName + "\n  : { tcp: { address: \"a:1\" } }\n",
            "vitals.yaml:2: checks.\""
                + "a".repeat(64)
                + "...\": name is longer than 1,024 bytes (UTF-8)"),
        Arguments.of(
            "checks:\n  db: { tcp: { address: \"a:1\" } }\nservices:\n  "
                + "? "
                + longName
                + "\n  : { checks: [db] }\n",
            "vitals.yaml:4: services.\""
                + "a".repeat(64)
                + "...\": name is longer than 1,024 bytes (UTF-8)"),
        Arguments.of(
            "check:\n  db: { tcp: { address: \"a:1\" } }\n",
            "vitals.yaml:1: check: unknown key (expected checks, services)"),
        Arguments.of(
            "checks:\n  db: { tcp: { address: \"postgres\" } }\n",
            "vitals.yaml:2: checks.db.tcp.address: 'postgres' is not host:port"),
        Arguments.of(
            "checks:\n  db: { tcp: { address: \"db:99999\" } }\n",
            "vitals.yaml:2: checks.db.tcp.address: 'db:99999' is not host:port (port 1-65535)"),
        Arguments.of(
            "checks:\n  web: { http: { url: \"https://web/\" } }\n",
            "vitals.yaml:2: checks.web.http.url: must be an http:// URL (use https: for https://"
                + " URLs)"),
        Arguments.of(
            "checks:\n  web: { http: { url: \"http://web/\", expect: \"200-99\" } }\n",
            "vitals.yaml:2: checks.web.http.expect: '200-99' is not a status range like 200-399"
                + " (100-599)"),
        Arguments.of(
            "checks:\n  web: { http: { url: \"http://web/\", headers: { Host: x } } }\n",
            "vitals.yaml:2: checks.web.http.headers.Host: set by the HTTP client itself, cannot be"
                + " configured"),
        Arguments.of(
            "checks:\n  web: { http: { url: \"http://u:p@web/\", expect: 700 } }\n",
            "vitals.yaml:2: checks.web.http.expect: '700' is not a status range like 200-399"
                + " (100-599)"),
        Arguments.of(
            "checks:\n  run: { exec: { command: \"true\" } }\n",
            "vitals.yaml:2: checks.run.exec.command: must be a list, e.g. [\"sh\", \"-c\", \"...\"]"),
        Arguments.of(
            "checks:\n  run: { exec: { command: [] } }\n",
            "vitals.yaml:2: checks.run.exec.command: must name a program"),
        Arguments.of(
            "checks:\n  jobs: { ttl: 0 }\n",
            "vitals.yaml:2: checks.jobs.ttl: must be positive, got '0'"),
        Arguments.of("checks: [db]\n", "vitals.yaml:1: checks: must be a mapping"),
        Arguments.of(
            "checks:\n  db: { tcp: { address: \"db:1\" } }\nservices:\n  readiness: { checks: [db] }\n",
            "vitals.yaml:4: services.readiness: 'readiness' is a built-in probe profile (liveness,"
                + " readiness, startup); choose another name"),
        Arguments.of(
            "checks:\n  db: { tcp: { address: \"a:1\" }\n",
            "vitals.yaml:3: invalid YAML: expected ',' or '}', but got <stream end>"));
  }

  @ParameterizedTest
  @MethodSource("badConfigs")
  void parse_badConfig_failsWithOnePreciseLine(String yaml, String message) {
    assertThatThrownBy(() -> parse(yaml))
        .isInstanceOf(ChecksConfigException.class)
        .hasMessage(message);
  }

  @Test
  void parse_secretsNeverAppearInErrorsOrToString() throws Exception {
    assertThatThrownBy(
            () ->
                parse(
                    "checks:\n  web: { http: { url: \"http://user:hunter2@web/\", headers: { X-Key: \"s3cret\","
                        + " Bad: \"a\\u0001b\" } } }\n"))
        .hasMessage(
            "vitals.yaml:2: checks.web.http.headers.Bad: value contains a control" + " character");
    CheckTarget web =
        parse(
                "checks:\n  web: { http: { url: \"http://user:hunter2@web/\","
                    + " headers: { X-Key: \"s3cret\" } } }\n")
            .checks()
            .get("web")
            .target();

    assertThat(web.display()).isEqualTo("http://***@web/").doesNotContain("hunter2");
    assertThat(web.toString()).doesNotContain("hunter2").doesNotContain("s3cret");
  }
}
