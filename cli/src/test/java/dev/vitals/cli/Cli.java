package dev.vitals.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Runs the CLI in this JVM and captures what it printed. */
final class Cli {
  private Cli() {}

  /** Runs {@code vitals args...} with an empty environment. */
  static Result run(String... args) {
    return run(Map.of(), args);
  }

  /** Runs {@code vitals args...} with {@code env} as the environment. */
  static Result run(Map<String, String> env, String... args) {
    return start(env, args).finish();
  }

  /** Starts a run whose output can be read while it goes on; {@link Running#finish} ends it. */
  static Running start(Map<String, String> env, String... args) {
    return new Running(env, args);
  }

  /** {@code addr} followed by {@code rest}: the arguments for a subcommand at an address. */
  static String[] at(String subcommand, String addrFlag, String address, String... rest) {
    List<String> args = new ArrayList<>(List.of(subcommand, addrFlag, address));
    args.addAll(Arrays.asList(rest));
    return args.toArray(new String[0]);
  }

  /** What a run printed and how it exited. */
  record Result(int exitCode, String out, String err) {
    /** Stdout split into lines. */
    List<String> outLines() {
      return out.isEmpty() ? List.of() : List.of(out.split("\\R"));
    }

    @Override
    public String toString() {
      return "exit " + exitCode + "\nstdout: " + out + "\nstderr: " + err;
    }
  }

  /** A run on its own thread; StringWriter is synchronized, so output can be read meanwhile. */
  static final class Running {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final Thread thread;
    private volatile int exitCode = -1;

    private Running(Map<String, String> env, String[] args) {
      thread =
          new Thread(
              () ->
                  exitCode =
                      Main.run(args, env, new PrintWriter(out, true), new PrintWriter(err, true)),
              "vitals-cli-test");
      thread.start();
    }

    /** Stdout so far. */
    String out() {
      return out.toString();
    }

    /**
     * Waits up to 30 s (above the CLI's own 5 s connect and 5 s call timeouts, with room for a
     * loaded machine) for the run to end and returns its result.
     */
    Result finish() {
      try {
        thread.join(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (thread.isAlive()) {
        thread.interrupt();
        throw new AssertionError("the CLI did not finish within 30 s; stdout so far: " + out);
      }
      return new Result(exitCode, out.toString(), err.toString());
    }
  }
}
