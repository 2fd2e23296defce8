package dev.vitals.server.checks;

/**
 * A checks file that cannot be used. The message is one line naming the file, the line and the key:
 * {@code vitals.yaml:12: checks.db.tcp.address: missing}. The server prints it and exits with code
 * 2.
 */
public final class ChecksConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final int line;
  private final String key;
  private final String problem;

  ChecksConfigException(String file, int line, String key, String problem) {
    super(oneLine(file + ":" + line + ": " + (key.isEmpty() ? "" : key + ": ") + problem));
    this.file = file;
    this.line = line;
    this.key = key;
    this.problem = problem;
  }

  /** The file's name as given to the parser. */
  public String file() {
    return file;
  }

  /** The 1-based line of the problem. */
  public int line() {
    return line;
  }

  /** The key path, e.g. {@code checks.db.tcp.address}; empty for a problem of the whole file. */
  public String key() {
    return key;
  }

  /** What is wrong, without file, line or key. */
  public String problem() {
    return problem;
  }

  /**
   * Control characters (from the file, or quoted by SnakeYAML) escaped: the message is one line.
   */
  private static String oneLine(String text) {
    StringBuilder out = new StringBuilder(text.length());
    text.chars()
        .forEach(
            c -> {
              if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
              } else {
                out.append((char) c);
              }
            });
    return out.toString();
  }
}
