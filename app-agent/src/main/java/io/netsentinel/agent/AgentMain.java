package io.netsentinel.agent;

import io.netsentinel.api.SettingsException;
import io.netsentinel.cli.CommandLines;
import io.netsentinel.engine.PluginException;
import java.io.PrintStream;
import java.util.List;

/** Entry point of {@code netsentinel-agent.jar}. */
public final class AgentMain {
  private AgentMain() {}

  public static void main(String[] args) {
    System.exit(run(System.out, System.err, args));
  }

  /** Runs the command line and returns the exit code (0 ok, 1 failure, 2 usage error). */
  static int run(PrintStream out, PrintStream err, String... args) {
    // A missing file, garbage input, a bad config value, a missing plugin: the user's to fix.
    return CommandLines.execute(new AgentCommand(out), List.of(SettingsException.class, PluginException.class), out,
        err, args);
  }
}
