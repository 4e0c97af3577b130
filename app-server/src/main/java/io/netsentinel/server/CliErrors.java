package io.netsentinel.server;

import io.netsentinel.api.SettingsException;
import io.netsentinel.pki.PkiException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns the failures a user can cause (a missing or existing file, a bad name, a damaged PEM file or config) into one
 * line on standard error and exit code 1. A stack trace only with {@code --debug}, or for a real bug.
 */
final class CliErrors implements IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(Exception e, CommandLine cli, ParseResult parsed) {
    boolean debug = false;
    for (ParseResult p = parsed; p != null; p = p.subcommand()) {
      debug |= p.hasMatchedOption("--debug");
    }
    Throwable shown = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
    boolean expected =
        shown instanceof IOException || shown instanceof PkiException || shown instanceof SettingsException
            || shown instanceof io.netsentinel.store.StoreException;
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

  /** The JDK's file exceptions often carry only the path; say what is wrong with it. */
  static String describe(Throwable e) {
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
}
