package io.netsentinel.server;

import io.netsentinel.pki.CertifiedKey;
import io.netsentinel.pki.PkiFiles;
import io.netsentinel.pki.ServerPki;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "issue-agent-cert",
    mixinStandardHelpOptions = true,
    versionProvider = ServerVersion.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Issues an agent certificate for mutual TLS, signed by the server's CA.",
      "",
      "EKU clientAuth, subject CN=NAME. Writes DIR/certs/agents/NAME.crt and",
      "DIR/certs/agents/NAME.key (mode 600)."
    })
final class IssueAgentCertCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "NAME",
      description = "The agent's name: letters, digits, '.', '-', '_' (1-64 characters).")
  String name;

  @Option(names = "--dir", required = true, paramLabel = "DIR", description = "Server folder made by init.")
  Path dir;

  @Option(names = "--force", description = "Replace an existing certificate of that name.")
  boolean force;

  @Override
  public Integer call() throws IOException {
    PkiFiles.requireAgentName(name);
    Dirs.requireServerDirectory(dir);
    PkiFiles files = PkiFiles.in(dir);
    for (Path needed : List.of(files.caCertificate(), files.caKey())) {
      if (!Files.exists(needed)) {
        throw new NoSuchFileException(
            needed.toString(), null, "not found (run 'netsentinel-server init --dir " + dir + "' first)");
      }
    }
    CertifiedKey issued = new ServerPki().issueAgentCertificate(files, name, force);
    PrintWriter out = spec.commandLine().getOut();
    out.println("Wrote " + Dirs.shown(dir, files.agentCertificate(name)) + " (client certificate for '" + name
        + "', valid until " + InitCommand.until(issued.certificate()) + ") and "
        + Dirs.shown(dir, files.agentKey(name)) + " (mode 600).");
    out.println("Copy both to that agent only, with " + Dirs.shown(dir, files.caCertificate())
        + ", and point its TLS sink's client_cert and client_key at them (docs/security.md).");
    out.flush();
    return 0;
  }
}
