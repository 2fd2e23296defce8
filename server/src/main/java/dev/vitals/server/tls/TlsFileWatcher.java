package dev.vitals.server.tls;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-reads the TLS files when any of them changes: run {@link #check} periodically. A change is a
 * new modification time, size or file identity (inode), so that a file replaced by a rename (as
 * Kubernetes does for mounted secrets) counts even within the same second. A reload that fails, for
 * example on a half-written file, keeps the previous certificate and is tried again at the next
 * change.
 */
final class TlsFileWatcher {
  private static final Logger log = LoggerFactory.getLogger(TlsFileWatcher.class);

  /** Reads the files into the key and trust managers. */
  interface Reload {
    void run() throws Exception;
  }

  private final List<Path> files;
  private final Reload reload;

  @GuardedBy("this")
  private List<Object> seen;

  TlsFileWatcher(List<Path> files, Reload reload) {
    this.files = List.copyOf(files);
    this.reload = reload;
    this.seen = fingerprint();
  }

  /** Reloads if a file changed since the last check. Never throws: it runs on a scheduler. */
  synchronized void check() {
    List<Object> now = fingerprint();
    if (now.equals(seen)) {
      return;
    }
    seen = now;
    try {
      reload.run();
      log.info("TLS files changed: reloaded {}", files);
    } catch (Exception e) {
      log.warn(
          "TLS files changed but cannot be loaded; still serving the previous certificate: {}",
          e.toString());
    }
  }

  private List<Object> fingerprint() {
    List<Object> out = new ArrayList<>();
    for (Path file : files) {
      try {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        out.add(attributes.lastModifiedTime());
        out.add(attributes.size());
        out.add(Objects.toString(attributes.fileKey()));
      } catch (IOException e) {
        out.add("missing");
      }
    }
    return out;
  }
}
