package dev.vitals.server.checks.grpc;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a configured name into the backends behind it, every address of the name (a Kubernetes
 * headless Service, a compose service with replicas). Injected so that tests can move backends in
 * and out of "DNS" without a DNS server.
 */
@FunctionalInterface
public interface BackendResolver {
  /**
   * Every address {@code host} has now, each with {@code port}. May block (a DNS query); called on
   * a check's worker thread, never on a request path.
   *
   * @throws UnknownHostException if the name has no address (then its backends are gone)
   */
  List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException;

  /** The JVM's resolver ({@link InetAddress#getAllByName}): the system's DNS and hosts file. */
  static BackendResolver system() {
    return (host, port) -> {
      List<InetSocketAddress> all = new ArrayList<>();
      for (InetAddress address : InetAddress.getAllByName(host)) {
        all.add(new InetSocketAddress(address, port));
      }
      return all;
    };
  }
}
