package io.netsentinel.server;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

@Command(
    name = "netsentinel-server",
    mixinStandardHelpOptions = true,
    versionProvider = ServerVersion.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    subcommands = {
      InitCommand.class,
      RotateKeyCommand.class,
      IssueAgentCertCommand.class,
      RenewServerCertCommand.class,
      HelpCommand.class
    },
    description = {
      "NetSentinel server: the PKI commands of the server folder.",
      "",
      "init creates the CA, the server certificate, the API key, the config and the",
      "dashboard account; rotate-key, issue-agent-cert and renew-server-cert maintain them.",
      "The HTTPS server and dashboard (run with [--config FILE] [--port N] and no",
      "command) are not in this build yet."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:finished",
      "1:bad input: a file that exists or is missing, a bad name (one line on stderr)",
      "2:bad command line, or running the server, which this build does not have"
    })
final class ServerCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description = "sentinel_config.json of the server to run (the server is not in this build yet).")
  Path config;

  @Option(names = "--port", paramLabel = "N", description = "HTTPS port (default: server_port, 8443).")
  Integer port;

  @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Stack traces with errors.")
  boolean debug;

  @Override
  public Integer call() {
    // Honest about what this build is: the PKI commands work, the server does not exist yet.
    spec.commandLine()
        .getErr()
        .println(
            "netsentinel-server: error: the server itself is not in this build yet; this build has only the PKI"
                + " commands init, rotate-key, issue-agent-cert and renew-server-cert (see --help)");
    return 2;
  }
}
