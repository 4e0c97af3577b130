package io.netsentinel.server;

import io.netsentinel.api.SettingsException;
import io.netsentinel.cli.CommandLines;
import io.netsentinel.pki.PkiException;
import io.netsentinel.store.StoreException;
import java.io.PrintStream;
import java.util.List;

/** Entry point of {@code netsentinel-server.jar}. */
public final class ServerMain {
  private ServerMain() {}

  public static void main(String[] args) {
    System.exit(run(System.out, System.err, args));
  }

  /** Runs the command line and returns the exit code (0 ok, 1 failure, 2 usage error). */
  static int run(PrintStream out, PrintStream err, String... args) {
    // A missing or existing file, a bad name, a damaged PEM file, config or store: the user's to fix.
    return CommandLines.execute(new ServerCommand(),
        List.of(PkiException.class, SettingsException.class, StoreException.class), out, err, args);
  }
}
