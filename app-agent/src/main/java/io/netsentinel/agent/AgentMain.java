package io.netsentinel.agent;

import java.io.PrintStream;
import java.io.PrintWriter;
import picocli.CommandLine;

/** Entry point of {@code netsentinel-agent.jar}. */
public final class AgentMain {
  private AgentMain() {}

  public static void main(String[] args) {
    System.exit(run(System.out, System.err, args));
  }

  private static String nearestOption(CommandLine cli, String arg) {
    if (!arg.startsWith("-")) {
      return null;
    }
    String typed = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
    String best = null;
    int bestDistance = 3;
    for (String name : cli.getCommandSpec().optionsMap().keySet()) {
      int d = distance(typed, name);
      if (d < bestDistance) {
        bestDistance = d;
        best = name;
      }
    }
    return best;
  }

  private static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      for (int j = 0; j <= b.length(); j++) {
        d[i][j] = i == 0 ? j : j == 0 ? i : Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1),
            d[i - 1][j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
      }
    }
    return d[a.length()][b.length()];
  }

  /** Runs the command line and returns the exit code (0 ok, 1 failure, 2 usage error). */
  static int run(PrintStream out, PrintStream err, String... args) {
    CommandLine cli = new CommandLine(new AgentCommand(out));
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    cli.setExecutionExceptionHandler(new CliErrors());
    cli.setParameterExceptionHandler(
        (e, args1) -> {
          // One line and a pointer to --help, rather than the whole usage text after a typo.
          PrintWriter w = e.getCommandLine().getErr();
          w.println(e.getCommandLine().getCommandName() + ": " + e.getMessage());
          if (e instanceof CommandLine.UnmatchedArgumentException unmatched) {
            for (String arg : unmatched.getUnmatched()) {
              String near = nearestOption(e.getCommandLine(), arg);
              if (near != null) {
                w.println("Did you mean " + near + " instead of " + arg + "?");
              }
            }
          }
          w.println("Try '" + e.getCommandLine().getCommandName() + " --help' for the options.");
          return 2;
        });
    return cli.execute(args);
  }
}
