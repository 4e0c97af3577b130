package io.netsentinel.server;

import java.io.PrintStream;
import java.io.PrintWriter;
import picocli.CommandLine;

/** Entry point of {@code netsentinel-server.jar}. */
public final class ServerMain {
  private ServerMain() {}

  public static void main(String[] args) {
    System.exit(run(System.out, System.err, args));
  }

  /** Runs the command line and returns the exit code (0 ok, 1 failure, 2 usage error). */
  static int run(PrintStream out, PrintStream err, String... args) {
    CommandLine cli = new CommandLine(new ServerCommand());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    cli.setExecutionExceptionHandler(new CliErrors());
    cli.setParameterExceptionHandler(
        (e, allArgs) -> {
          // One line and a pointer to --help, rather than the whole usage text after a typo.
          CommandLine failed = e.getCommandLine();
          String name = failed.getCommandSpec().qualifiedName();
          PrintWriter w = failed.getErr();
          w.println(name + ": " + e.getMessage());
          // Every unknown option, not only those of an UnmatchedArgumentException: picocli reports a missing
          // required option first, and "--dri DIR" is exactly what makes --dir missing.
          for (String arg : allArgs) {
            String typed = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (typed.startsWith("-") && !known(failed, typed)) {
              String near = nearestOption(failed, typed);
              if (near != null) {
                w.println("Did you mean " + near + " instead of " + typed + "?");
              }
            }
          }
          w.println("Try '" + name + " --help' for the options.");
          return 2;
        });
    return cli.execute(args);
  }

  private static boolean known(CommandLine cli, String option) {
    for (CommandLine c = cli; c != null; c = c.getParent()) {
      if (c.getCommandSpec().optionsMap().containsKey(option)) {
        return true;
      }
    }
    return false;
  }

  private static String nearestOption(CommandLine cli, String typed) {
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
}
