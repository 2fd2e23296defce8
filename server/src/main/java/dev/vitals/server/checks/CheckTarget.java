package dev.vitals.server.checks;

import static java.util.Objects.requireNonNull;

import dev.vitals.common.Durations;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** What a check looks at: one record per check type, as parsed from its type key. */
public sealed interface CheckTarget {
  /** The type key in the file: {@code tcp}, {@code http}, {@code https}, {@code grpc}, ... */
  String type();

  /** The target as shown to operators: never a secret (no header values, no URL password). */
  String display();

  /** {@code tcp: { address: "host:port" }}: passes when a TCP connection is accepted. */
  record Tcp(String host, int port) implements CheckTarget {
    /** Checks the fields. */
    public Tcp {
      requireNonNull(host, "host");
    }

    @Override
    public String type() {
      return "tcp";
    }

    @Override
    public String display() {
      return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
  }

  /**
   * {@code http}/{@code https: { url, expect: "200-399", headers: {...} }}: a GET that passes when
   * the status code is in {@code [expectFrom, expectTo]}. Header values and the URL's user-info are
   * secrets: {@link #toString()} and {@link #display()} leave them out.
   */
  record Http(String type, URI url, int expectFrom, int expectTo, Map<String, String> headers)
      implements CheckTarget {
    /** Checks and copies the fields. */
    public Http {
      requireNonNull(type, "type");
      requireNonNull(url, "url");
      headers = Map.copyOf(headers);
    }

    @Override
    public String display() {
      return redact(url);
    }

    @Override
    public String toString() {
      return "Http["
          + type
          + " "
          + display()
          + " expect "
          + expectFrom
          + "-"
          + expectTo
          + " headers "
          + headers.keySet()
          + "]";
    }

    /** {@code url} without its user-info (replaced by {@code ***}), for messages. */
    static String redact(URI url) {
      if (url.getRawUserInfo() == null) {
        return url.toString();
      }
      return url.toString().replace(url.getRawUserInfo() + "@", "***@");
    }
  }

  /**
   * {@code grpc: { address | addresses, service, authority, tls, quorum, forget_after }}: the
   * upstream's standard {@code grpc.health.v1.Health} for {@code service} must answer SERVING on
   * {@code quorum} of the backends. Each address is a gRPC target: {@code host:port} and {@code
   * dns:///host:port} are resolved to every address of the name (one backend each, re-resolved on
   * every run); any other scheme ({@code unix:}, ...) is one backend as written.
   *
   * @param addresses the configured addresses (at least one), in file order
   * @param service the service asked about ({@code ""}: the whole server)
   * @param authority the authority (and TLS host name) to use instead of the address's, or null
   * @param tls whether to use TLS, verified with the JDK's trusted CAs
   * @param quorum how many backends must be SERVING
   * @param forgetAfter how long a backend gone from DNS still counts, as down, before it is dropped
   */
  record Grpc(
      List<String> addresses,
      String service,
      @Nullable String authority,
      boolean tls,
      Quorum quorum,
      Duration forgetAfter)
      implements CheckTarget {
    /** How long a backend missing from DNS counts as down by default. */
    public static final Duration DEFAULT_FORGET_AFTER = Duration.ofMinutes(1);

    /** Checks and copies the fields; {@code authority} may be null (the address's own). */
    public Grpc {
      addresses = List.copyOf(addresses);
      requireNonNull(service, "service");
      requireNonNull(quorum, "quorum");
      requireNonNull(forgetAfter, "forgetAfter");
      if (addresses.isEmpty()) {
        throw new IllegalArgumentException("at least one address");
      }
    }

    /** One address, whole-server health, no TLS, quorum {@code all}: the defaults. */
    public static Grpc of(String address) {
      return new Grpc(List.of(address), "", null, false, Quorum.ALL, DEFAULT_FORGET_AFTER);
    }

    @Override
    public String type() {
      return "grpc";
    }

    @Override
    public String display() {
      return String.join(", ", addresses)
          + (service.isEmpty() ? "" : " service '" + service + "'")
          + (quorum.kind() == Quorum.Kind.ALL ? "" : " quorum " + quorum);
    }
  }

  /** {@code exec: { command: [...] }}: passes when the command exits with 0 within the timeout. */
  record Exec(List<String> command) implements CheckTarget {
    /** Checks and copies the command. */
    public Exec {
      command = List.copyOf(command);
    }

    @Override
    public String type() {
      return "exec";
    }

    @Override
    public String display() {
      return String.join(" ", command);
    }
  }

  /** {@code ttl: 2m}: passes while {@link Checks#heartbeat} is called at least this often. */
  record Ttl(Duration ttl) implements CheckTarget {
    /** Checks the field. */
    public Ttl {
      requireNonNull(ttl, "ttl");
    }

    @Override
    public String type() {
      return "ttl";
    }

    @Override
    public String display() {
      return "heartbeat within " + Durations.format(ttl);
    }
  }
}
