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

  /**
   * The user's error behind Guice's wrapper (a bad config value met while the agent is assembled), so that it is shown
   * as one line like any other; a real bug stays wrapped.
   */
  static RuntimeException unwrap(com.google.inject.ProvisionException e) {
    Throwable cause = e.getCause();
    if (cause instanceof IOException io) {
      return new UncheckedIOException(io);
    }
    if (cause instanceof SettingsException || cause instanceof PluginException) {
      return (RuntimeException) cause;
    }
    if (cause instanceof UncheckedIOException u) {
      return u;
    }
    return e;
  }

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
