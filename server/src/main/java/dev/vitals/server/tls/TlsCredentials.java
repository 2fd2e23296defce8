package dev.vitals.server.tls;

import static java.util.Objects.requireNonNull;

import dev.vitals.server.ServerConfig;
import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import io.grpc.util.AdvancedTlsX509KeyManager;
import io.grpc.util.AdvancedTlsX509TrustManager;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The server's TLS credentials from the configured PEM files and, with a reload interval, the
 * thread that re-reads them when they change, so that a rotated certificate is served to new
 * connections without a restart (open connections keep theirs). {@link #close} stops that thread.
 */
public final class TlsCredentials implements AutoCloseable {
  private final ServerCredentials credentials;
  private final @Nullable ScheduledExecutorService reloader;

  private TlsCredentials(
      ServerCredentials credentials, @Nullable ScheduledExecutorService reloader) {
    this.credentials = credentials;
    this.reloader = reloader;
  }

  /**
   * Loads the TLS files of {@code config}, which must have a certificate and key.
   *
   * @throws IOException naming the problem if a file cannot be loaded
   */
  public static TlsCredentials load(ServerConfig config) throws IOException {
    Path cert = requireNonNull(config.tlsCert(), "tlsCert");
    Path key = requireNonNull(config.tlsKey(), "tlsKey");
    Path clientCa = config.tlsClientCa();
    TlsServerCredentials.Builder tls = TlsServerCredentials.newBuilder();
    // The files are checked (the key is the certificate's, the client CA parses) before they are
    // served, at start and at every reload; the key manager and trust manager get the parsed
    // result, so what was checked is what is served.
    AdvancedTlsX509KeyManager keys = new AdvancedTlsX509KeyManager();
    AdvancedTlsX509TrustManager trust = null;
    try {
      PemFiles.Identity identity = PemFiles.identity(cert, key);
      keys.updateIdentityCredentials(identity.chain(), identity.key());
      if (clientCa != null) {
        trust =
            AdvancedTlsX509TrustManager.newBuilder()
                .setVerification(
                    AdvancedTlsX509TrustManager.Verification.CERTIFICATE_ONLY_VERIFICATION)
                .build();
        trust.updateTrustCredentials(PemFiles.certificates(clientCa));
      }
    } catch (IOException | GeneralSecurityException e) {
      throw new IOException(
          "cannot load the TLS certificate, key or client CA: " + e.getMessage(), e);
    }
    tls.keyManager(keys);
    if (trust != null) {
      tls.trustManager(trust);
      tls.clientAuth(
          config.clientCertOptional()
              ? TlsServerCredentials.ClientAuth.OPTIONAL
              : TlsServerCredentials.ClientAuth.REQUIRE);
    }
    Duration interval = config.tlsReloadInterval();
    ScheduledExecutorService reloader =
        interval.isZero() ? null : reloading(interval, cert, key, clientCa, keys, trust);
    return new TlsCredentials(tls.build(), reloader);
  }

  /** The credentials to hand to the transport. */
  public ServerCredentials credentials() {
    return credentials;
  }

  /** Stops watching the files; a no-op without a reload interval. */
  @Override
  public void close() {
    if (reloader != null) {
      reloader.shutdownNow();
    }
  }

  /** The thread that re-reads the files into the key and trust managers when they change. */
  private static ScheduledExecutorService reloading(
      Duration interval,
      Path cert,
      Path key,
      @Nullable Path clientCa,
      AdvancedTlsX509KeyManager keys,
      @Nullable AdvancedTlsX509TrustManager trust) {
    List<Path> files = new ArrayList<>(List.of(cert, key));
    if (trust != null && clientCa != null) {
      files.add(clientCa);
    }
    // grpc-java's own periodic reload did not pick up changed files in 1.83.1: we watch them.
    TlsFileWatcher watcher =
        new TlsFileWatcher(
            files,
            () -> {
              // Everything is read and checked first; only then is anything swapped.
              PemFiles.Identity identity = PemFiles.identity(cert, key);
              X509Certificate[] authorities =
                  trust != null && clientCa != null ? PemFiles.certificates(clientCa) : null;
              keys.updateIdentityCredentials(identity.chain(), identity.key());
              if (trust != null && authorities != null) {
                trust.updateTrustCredentials(authorities);
              }
            });
    ScheduledExecutorService reloader =
        Executors.newSingleThreadScheduledExecutor(
            new DefaultThreadFactory("vitals-tls-reload", true));
    long period = interval.toNanos();
    // Not kept: the task ends when close() shuts the reloader down, and check() handles (logs)
    // its own failures, so nothing would ever be read from the future.
    ScheduledFuture<?> unused =
        reloader.scheduleWithFixedDelay(watcher::check, period, period, TimeUnit.NANOSECONDS);
    return reloader;
  }
}
