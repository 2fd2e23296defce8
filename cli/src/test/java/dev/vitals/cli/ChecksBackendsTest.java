package dev.vitals.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.vitals.common.HealthStatus;
import dev.vitals.server.VitalsServer;
import dev.vitals.testing.GrpcCleanupExtension;
import dev.vitals.testing.server.StartedServers;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code vitals checks} on an aggregator: each backend of a grpc check over replicas. */
class ChecksBackendsTest {
  private static final Map<String, String> TOKEN_ENV =
      Map.of("VITALS_ADMIN_TOKEN", StartedServers.TOKEN);

  @RegisterExtension final GrpcCleanupExtension cleanup = new GrpcCleanupExtension();

  private String up;
  private String down;
  private String address;

  @BeforeEach
  void start() throws Exception {
    VitalsServer serving = StartedServers.loopback(cleanup);
    VitalsServer draining = StartedServers.loopback(cleanup);
    draining.registry().set("", HealthStatus.NOT_SERVING);
    up = "127.0.0.1:" + serving.port();
    down = "127.0.0.1:" + draining.port();
    String yaml =
        "checks:\n  replicas:\n    grpc: { addresses: [\""
            + up
            + "\", \""
            + down
            + "\"], quorum: \"1\" }\n"
            + "services:\n  app: { checks: [replicas] }\n";
    VitalsServer aggregator = StartedServers.loopbackWithChecks(cleanup, yaml);
    address = "127.0.0.1:" + aggregator.port();
    await()
        .atMost(20, TimeUnit.SECONDS)
        .until(() -> aggregator.registry().statusOrNull("app") == HealthStatus.SERVING);
  }

  @Test
  void checksVerbose_oneRowPerBackend() {
    Cli.Result result = Cli.run(TOKEN_ENV, Cli.at("checks", "--addr", address, "--verbose"));

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.outLines())
        .anySatisfy(line -> assertThat(line).startsWith("CHECK").contains("BACKEND", "MODE"));
    assertThat(result.outLines())
        .anySatisfy(
            line ->
                assertThat(line).startsWith("replicas").contains(up, "watch", "yes", "SERVING"));
    assertThat(result.outLines())
        .anySatisfy(
            line ->
                assertThat(line)
                    .startsWith("replicas")
                    .contains(down, "watch", "no", "NOT_SERVING"));
  }

  @Test
  void checksJson_backendsOfTheCheck() {
    Cli.Result result = Cli.run(TOKEN_ENV, Cli.at("checks", "--addr", address, "--output", "json"));

    assertThat(result.exitCode()).as(result.toString()).isZero();
    JsonObject check =
        JsonParser.parseString(result.out())
            .getAsJsonObject()
            .getAsJsonArray("checks")
            .get(0)
            .getAsJsonObject();
    JsonArray backends = check.getAsJsonArray("backends");
    assertThat(backends).hasSize(2);
    JsonObject first = backends.get(0).getAsJsonObject();
    assertThat(first.get("name").getAsString()).isEqualTo(up);
    assertThat(first.get("serving").getAsBoolean()).isTrue();
    assertThat(first.get("status").getAsString()).isEqualTo("SERVING");
    assertThat(first.get("mode").getAsString()).isEqualTo("watch");
    assertThat(first.get("since").isJsonNull()).isFalse();
    JsonObject second = backends.get(1).getAsJsonObject();
    assertThat(second.get("name").getAsString()).isEqualTo(down);
    assertThat(second.get("serving").getAsBoolean()).isFalse();
    assertThat(second.get("status").getAsString()).isEqualTo("NOT_SERVING");
  }
}
