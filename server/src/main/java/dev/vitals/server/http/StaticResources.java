package dev.vitals.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The status page's files, read from the classpath once: plain HTML, CSS and JS, no build. */
final class StaticResources {
  /** One file and its content type. */
  // Never compared or hashed: read once, then only written out, so identity equality is fine.
  @SuppressWarnings("ArrayRecordComponent")
  record Resource(String contentType, byte[] body) {}

  private final Map<String, Resource> byPath;

  private StaticResources(Map<String, Resource> byPath) {
    this.byPath = byPath;
  }

  /** Loads the page's files. */
  static StaticResources load() {
    return new StaticResources(
        Map.of(
            "/", read("index.html", "text/html; charset=utf-8"),
            "/status.css", read("status.css", "text/css; charset=utf-8"),
            "/status.js", read("status.js", "text/javascript; charset=utf-8")));
  }

  /** The file served at {@code path}, or null. */
  @Nullable Resource get(String path) {
    return byPath.get(path);
  }

  private static Resource read(String name, String contentType) {
    try (InputStream in = StaticResources.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("status page file " + name + " is missing from the jar");
      }
      return new Resource(contentType, in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
