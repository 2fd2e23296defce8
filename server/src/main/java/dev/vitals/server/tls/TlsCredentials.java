package dev.vitals.server.tls;

import static java.util.Objects.requireNonNull;

import dev.vitals.server.ServerConfig;
import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import io.grpc.util.AdvancedTlsX509KeyManager;
import io.grpc.util.AdvancedTlsX509TrustManager;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The server's TLS credentials from the configured PEM files and, with a reload interval, the
 * thread that re-reads them when they change, so that a rotated certificate is served to new
 * connections without a restart (open connections keep theirs). {@link #close} stops that thread.
 */
public final class TlsCredentials implements AutoCloseable {
  private final ServerCredentials credentials;
  private final ScheduledExecutorService reloader;

  private TlsCredentials(ServerCredentials credentials, ScheduledExecutorService reloader) {
    this.credentials = credentials;
    this.reloader = reloader;
  }

  /**
   * Loads the TLS files of {@code config}, which must have a certificate and key.
   *
   * @throws IOException naming the problem if a file cannot be loaded
   */
  public static TlsCredentials load(ServerConfig config) throws IOException {
    requireNonNull(config.tlsCert(), "tlsCert");
    TlsServerCredentials.Builder tls = TlsServerCredentials.newBuilder();
    ScheduledExecutorService reloader = null;
    if (config.tlsReloadInterval().isZero()) {
      tls.keyManager(config.tlsCert().toFile(), config.tlsKey().toFile());
      if (config.tlsClientCa() != null) {
        tls.trustManager(config.tlsClientCa().toFile());
      }
    } else {
      reloader = reloading(config, tls);
    }
    if (config.tlsClientCa() != null) {
      tls.clientAuth(
          config.clientCertOptional()
              ? TlsServerCredentials.ClientAuth.OPTIONAL
              : TlsServerCredentials.ClientAuth.REQUIRE);
    }
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

  /** Key and trust managers that re-read their files when they change, and their watcher. */
  private static ScheduledExecutorService reloading(
      ServerConfig config, TlsServerCredentials.Builder tls) throws IOException {
    File cert = config.tlsCert().toFile();
    File key = config.tlsKey().toFile();
    File clientCa = config.tlsClientCa() == null ? null : config.tlsClientCa().toFile();
    AdvancedTlsX509KeyManager keys = new AdvancedTlsX509KeyManager();
    AdvancedTlsX509TrustManager trust = null;
    try {
      keys.updateIdentityCredentials(cert, key);
      if (clientCa != null) {
        trust =
            AdvancedTlsX509TrustManager.newBuilder()
                .setVerification(
                    AdvancedTlsX509TrustManager.Verification.CERTIFICATE_ONLY_VERIFICATION)
                .build();
        trust.updateTrustCredentials(clientCa);
      }
    } catch (IOException | GeneralSecurityException e) {
      throw new IOException(
          "cannot load the TLS certificate, key or client CA: " + e.getMessage(), e);
    }
    tls.keyManager(keys);
    List<Path> files = new ArrayList<>(List.of(config.tlsCert(), config.tlsKey()));
    AdvancedTlsX509TrustManager trustManager = trust;
    if (trustManager != null) {
      tls.trustManager(trustManager);
      files.add(config.tlsClientCa());
    }
    // grpc-java's own periodic reload did not pick up changed files in 1.83.1: we watch them.
    TlsFileWatcher watcher =
        new TlsFileWatcher(
            files,
            () -> {
              keys.updateIdentityCredentials(cert, key);
              if (trustManager != null) {
                trustManager.updateTrustCredentials(clientCa);
              }
            });
    ScheduledExecutorService reloader =
        Executors.newSingleThreadScheduledExecutor(
            new DefaultThreadFactory("vitals-tls-reload", true));
    long period = config.tlsReloadInterval().toNanos();
    reloader.scheduleWithFixedDelay(watcher::check, period, period, TimeUnit.NANOSECONDS);
    return reloader;
  }
}
