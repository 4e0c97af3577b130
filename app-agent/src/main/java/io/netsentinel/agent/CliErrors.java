package io.netsentinel.agent;

import io.netsentinel.api.SettingsException;
import io.netsentinel.engine.PluginException;
import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns the failures a user can cause (a missing file, garbage input, a bad config value, a missing plugin) into one
 * line on standard error and exit code 1. A stack trace only with {@code --debug}, or for a real bug.
 */
final class CliErrors implements IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(Exception e, CommandLine cli, ParseResult parsed) {
    boolean debug = parsed.hasMatchedOption("--debug");
    Throwable shown = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
    boolean expected =
        shown instanceof IOException || shown instanceof SettingsException || shown instanceof PluginException;
    String name = cli.getCommandName();
    if (expected) {
      cli.getErr().println(name + ": error: " + shown.getMessage());
    } else {
      cli.getErr().println(name + ": internal error: " + shown + " (please report it; --debug shows the trace)");
    }
    if (debug) {
      shown.printStackTrace(cli.getErr());
    }
    cli.getErr().flush();
    return 1;
  }
}
