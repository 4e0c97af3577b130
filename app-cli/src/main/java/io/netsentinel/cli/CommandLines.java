package io.netsentinel.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * The conventions of NetSentinel's command lines, shared by the agent and the server:
 *
 * <ul>
 *   <li>a usage error is one line, a "did you mean" for each unknown option that is close to a real one, and a pointer
 *       to {@code --help}; exit code 2;
 *   <li>a failure the user can cause (an {@link IOException}, or one of the command's own user-error types) is one line
 *       {@code <command>: error: <what>}; anything else is an internal error; exit code 1 for both, and a stack trace
 *       only with {@code --debug}.
 * </ul>
 */
public final class CommandLines {
  private CommandLines() {}

  /**
   * Runs {@code command} with {@code args} under these conventions and returns the exit code.
   *
   * @param userErrors besides {@link IOException}, the exception types that are the user's doing (a bad setting, a
   *     missing plugin, a damaged key file)
   */
  public static int execute(Object command, List<Class<? extends Exception>> userErrors, PrintStream out,
      PrintStream err, String... args) {
    CommandLine cli = new CommandLine(command);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    cli.setExecutionExceptionHandler((e, failed, parsed) -> failure(e, failed, parsed, userErrors));
    cli.setParameterExceptionHandler(CommandLines::usageError);
    return cli.execute(args);
  }

  private static int usageError(CommandLine.ParameterException e, String[] args) {
    CommandLine failed = e.getCommandLine();
    String name = failed.getCommandSpec().qualifiedName();
    PrintWriter w = failed.getErr();
    w.println(name + ": " + e.getMessage());
    // Every unknown option, not only those of an UnmatchedArgumentException: picocli reports a missing required
    // option first, and "--dri DIR" is exactly what makes --dir missing.
    for (String arg : args) {
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
  }

  private static int failure(Exception e, CommandLine cli, ParseResult parsed,
      List<Class<? extends Exception>> userErrors) {
    boolean debug = false;
    for (ParseResult p = parsed; p != null; p = p.subcommand()) {
      debug |= p.hasMatchedOption("--debug");
    }
    Throwable shown = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
    boolean expected = shown instanceof IOException || userErrors.stream().anyMatch(t -> t.isInstance(shown));
    String name = cli.getCommandSpec().qualifiedName();
    if (expected) {
      cli.getErr().println(name + ": error: " + describe(shown));
    } else {
      cli.getErr().println(name + ": internal error: " + shown + " (please report it; --debug shows the trace)");
    }
    if (debug) {
      shown.printStackTrace(cli.getErr());
    }
    cli.getErr().flush();
    return 1;
  }

  /** The JDK's file exceptions often carry only the path; this says what is wrong with it. Otherwise the message. */
  public static String describe(Throwable e) {
    if (e instanceof FileSystemException fs && fs.getReason() == null && fs.getFile() != null) {
      String what =
          e instanceof NoSuchFileException ? "not found"
              : e instanceof AccessDeniedException ? "permission denied"
              : e instanceof FileAlreadyExistsException ? "already exists"
              : e instanceof NotDirectoryException ? "not a directory"
              : e.getClass().getSimpleName();
      return fs.getFile() + (fs.getOtherFile() != null ? " -> " + fs.getOtherFile() : "") + ": " + what;
    }
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message.replace('\n', ' ');
  }

  private static boolean known(CommandLine cli, String option) {
    for (CommandLine c = cli; c != null; c = c.getParent()) {
      if (c.getCommandSpec().optionsMap().containsKey(option)) {
        return true;
      }
    }
    return false;
  }

  /** The option of {@code cli} within two edits of {@code typed}, if any. */
  static String nearestOption(CommandLine cli, String typed) {
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
