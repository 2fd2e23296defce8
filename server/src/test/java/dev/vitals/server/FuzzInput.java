package dev.vitals.server;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads choices from fuzzer bytes. A plain reader over {@code byte[]} (rather than Jazzer's {@code
 * FuzzedDataProvider}) so that the same harness also runs on seeded random bytes in ordinary tests.
 * Past the end it returns zeros and empty strings, never fails.
 */
public final class FuzzInput {
  private final byte[] data;
  private int at;

  public FuzzInput(byte[] data) {
    this.data = data;
  }

  public boolean hasMore() {
    return at < data.length;
  }

  /** A value in [0, bound). */
  public int choose(int bound) {
    if (!hasMore()) {
      return 0;
    }
    return (data[at++] & 0xff) % bound;
  }

  public boolean bool() {
    return choose(2) == 1;
  }

  /** Up to {@code maxBytes} raw bytes. */
  public byte[] bytes(int maxBytes) {
    int length = Math.min(choose(maxBytes + 1), data.length - at);
    byte[] out = Arrays.copyOfRange(data, at, at + length);
    at += length;
    return out;
  }

  /** A string from up to {@code maxBytes} bytes, decoded as UTF-8 (invalid bytes become U+FFFD). */
  public String string(int maxBytes) {
    return new String(bytes(maxBytes), StandardCharsets.UTF_8);
  }

  /** The rest of the input. */
  public byte[] rest() {
    byte[] out = Arrays.copyOfRange(data, Math.min(at, data.length), data.length);
    at = data.length;
    return out;
  }
}
