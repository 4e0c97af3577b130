package io.netsentinel.server;

import io.netsentinel.pki.CertifiedKey;
import io.netsentinel.pki.PkiFiles;
import io.netsentinel.pki.ServerPki;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "renew-server-cert",
    mixinStandardHelpOptions = true,
    versionProvider = ServerVersion.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Issues a new server certificate from the existing CA (agents keep ca.crt).",
      "",
      "Keeps the current certificate's names and adds today's local names and",
      "addresses and each --san. Replaces DIR/certs/server.crt and server.key."
    })
final class RenewServerCertCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--dir", required = true, paramLabel = "DIR", description = "Server folder made by init.")
  Path dir;

  @Option(names = "--san", paramLabel = "NAME|IP", description = "Another DNS name or IP address (repeatable).")
  List<String> sans = new ArrayList<>();

  @Override
  public Integer call() throws IOException {
    Dirs.requireServerDirectory(dir);
    PkiFiles files = PkiFiles.in(dir);
    CertifiedKey renewed = new ServerPki().renewServerCertificate(files, sans);
    PrintWriter out = spec.commandLine().getOut();
    out.println("Wrote " + Dirs.shown(dir, files.serverCertificate()) + " (valid until "
        + InitCommand.until(renewed.certificate()) + ") and " + Dirs.shown(dir, files.serverKey())
        + " (mode 600). Restart the server to use them; agents need no change.");
    out.println("Names: " + String.join(", ", ServerPki.namesOf(renewed.certificate())));
    out.flush();
    return 0;
  }
}
