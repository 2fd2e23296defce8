package dev.vitals.server;

import dev.vitals.server.cli.ServerLauncher;

/**
 * The {@code vitals-server} entry point ({@code java -jar vitals-server.jar}, the image's main
 * class): the command line lives in {@link dev.vitals.server.cli}.
 */
public final class Main {
  private Main() {}

  /** Runs the server; exits 0 after a drain, 1 if it cannot start, 2 for bad configuration. */
  public static void main(String[] args) {
    System.exit(ServerLauncher.run(args));
  }
}
