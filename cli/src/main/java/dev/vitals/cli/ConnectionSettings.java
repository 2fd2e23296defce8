package dev.vitals.cli;

import dev.vitals.client.HealthRpcException;
import dev.vitals.common.Durations;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ChannelCredentials;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Where and how to connect, whichever flag spelling (probe's {@code -tls} or the other commands'
 * {@code --tls}) it came from; {@link #open()} checks it and opens the channel.
 *
 * @param flagPrefix {@code "-"} or {@code "--"}, so that messages name the flags as typed
 * @param rpcHeaders extra metadata, each {@code "name: value"}
 */
record ConnectionSettings(
    String flagPrefix,
    String address,
    Duration connectTimeout,
    boolean tls,
    Path caCert,
    Path clientCert,
    Path clientKey,
    boolean noVerify,
    String serverName,
    String authority,
    List<String> rpcHeaders,
    String userAgent) {

  /** Checks the settings (exit 1 with one line if they are wrong) and opens a channel. */
  Connection open() {
    validate();
    Metadata headers = headers();
    NettyChannelBuilder builder =
        NettyChannelBuilder.forTarget(address.trim(), credentials())
            .withOption(
                ChannelOption.CONNECT_TIMEOUT_MILLIS,
                (int) Math.min(Integer.MAX_VALUE, Math.max(1, connectTimeout.toMillis())))
            .userAgent(userAgent);
    if (serverName != null) {
      builder.overrideAuthority(serverName);
    }
    ManagedChannel managed;
    try {
      managed = builder.build();
    } catch (IllegalArgumentException e) {
      throw CliFailure.invalid(
          "cannot use " + flag("addr") + " '" + address + "': " + e.getMessage());
    }
    List<ClientInterceptor> interceptors = new ArrayList<>();
    interceptors.add(MetadataUtils.newAttachHeadersInterceptor(headers));
    if (authority != null) {
      interceptors.add(new AuthorityInterceptor(authority));
    }
    Channel channel = ClientInterceptors.intercept(managed, interceptors);
    return new Connection(managed, channel, address.trim(), connectTimeout);
  }

  private void validate() {
    if (address == null || address.isBlank()) {
      throw CliFailure.invalid(flag("addr") + " is empty; give HOST:PORT");
    }
    positive("connect-timeout", connectTimeout);
    if (!tls) {
      requireTls("tls-ca-cert", caCert != null);
      requireTls("tls-client-cert", clientCert != null);
      requireTls("tls-client-key", clientKey != null);
      requireTls("tls-no-verify", noVerify);
      requireTls("tls-server-name", serverName != null);
    }
    if ((clientCert == null) != (clientKey == null)) {
      throw CliFailure.invalid(
          flag("tls-client-cert") + " and " + flag("tls-client-key") + " must be given together");
    }
    if (noVerify && caCert != null) {
      throw CliFailure.invalid(
          "cannot give both " + flag("tls-no-verify") + " and " + flag("tls-ca-cert"));
    }
    for (Path file : new Path[] {caCert, clientCert, clientKey}) {
      if (file != null && !Files.isReadable(file)) {
        throw CliFailure.invalid("cannot read " + file);
      }
    }
    if (serverName != null && serverName.isBlank()) {
      throw CliFailure.invalid(flag("tls-server-name") + " is empty");
    }
    if (authority != null && authority.isBlank()) {
      throw CliFailure.invalid(flag("authority") + " is empty");
    }
  }

  /** One unary call on an open, connected channel. */
  interface UnaryCall<T> {
    T run(Channel channel) throws HealthRpcException;
  }

  /** One RPC (or a few) on a connected channel, with no result. */
  interface ChannelAction {
    void run(Channel channel) throws HealthRpcException;
  }

  /**
   * Opens a channel, connects (exit 2 on failure), makes one call (exit 3 on failure) and closes
   * the channel.
   */
  <T> T call(UnaryCall<T> call) {
    try (Connection open = open()) {
      return call.run(open.awaitReady().channel());
    } catch (HealthRpcException e) {
      throw CliFailure.rpc(e);
    }
  }

  /** {@link #call} for a call that returns nothing. */
  void run(ChannelAction action) {
    try (Connection open = open()) {
      action.run(open.awaitReady().channel());
    } catch (HealthRpcException e) {
      throw CliFailure.rpc(e);
    }
  }

  /** Checks that {@code value} is above zero, naming the flag if not. */
  void positive(String name, Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw CliFailure.invalid(
          flag(name) + " must be greater than zero, got " + Durations.format(value));
    }
  }

  private void requireTls(String name, boolean given) {
    if (given) {
      throw CliFailure.invalid(flag(name) + " needs " + flag("tls"));
    }
  }

  /** The flag as the user spells it, e.g. {@code -tls} or {@code --tls}. */
  String flag(String name) {
    return flagPrefix + name;
  }

  private ChannelCredentials credentials() {
    if (!tls) {
      return InsecureChannelCredentials.create();
    }
    TlsChannelCredentials.Builder credentials = TlsChannelCredentials.newBuilder();
    try {
      if (noVerify) {
        credentials.trustManager(InsecureTrustManager.INSTANCE);
      } else if (caCert != null) {
        credentials.trustManager(caCert.toFile());
      }
      if (clientCert != null) {
        credentials.keyManager(clientCert.toFile(), clientKey.toFile());
      }
    } catch (IOException | RuntimeException e) {
      throw CliFailure.invalid("cannot load TLS certificates or key: " + e.getMessage());
    }
    return credentials.build();
  }

  private Metadata headers() {
    Metadata headers = new Metadata();
    for (String header : rpcHeaders) {
      int colon = header.indexOf(':');
      if (colon <= 0) {
        throw CliFailure.invalid(flag("rpc-header") + " '" + header + "' is not 'name: value'");
      }
      String name = header.substring(0, colon).trim();
      String value = header.substring(colon + 1).trim();
      try {
        headers.put(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER), value);
      } catch (IllegalArgumentException e) {
        throw CliFailure.invalid(flag("rpc-header") + " '" + header + "': " + e.getMessage());
      }
    }
    return headers;
  }

  /** Sends {@code :authority} as given instead of the address. */
  private static final class AuthorityInterceptor implements ClientInterceptor {
    private final String authority;

    AuthorityInterceptor(String authority) {
      this.authority = authority;
    }

    @Override
    public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(
        MethodDescriptor<ReqT, RespT> method, CallOptions callOptions, Channel next) {
      return next.newCall(method, callOptions.withAuthority(authority));
    }
  }
}
