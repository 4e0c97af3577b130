package io.netsentinel.agent;

import java.io.IOException;
import java.util.List;

/** Runs a system command (systemctl, launchctl, sc.exe); tests replace it with one that records the commands. */
interface CommandRunner {
  /** Runs the command to its end and returns its exit code. */
  int run(List<String> command) throws IOException;

  /** Runs the command and fails with its name when it exits non-zero. */
  default void runOrFail(List<String> command) throws IOException {
    int code = run(command);
    if (code != 0) {
      throw new IOException(String.join(" ", command) + " exited with " + code);
    }
  }

  /** The real runner: the command's output goes to the agent's own stdout and stderr. */
  static CommandRunner process() {
    return command -> {
      try {
        return new ProcessBuilder(command).inheritIO().start().waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(String.join(" ", command) + ": interrupted", e);
      }
    };
  }
}
