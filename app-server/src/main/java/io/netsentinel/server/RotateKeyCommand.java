package io.netsentinel.server;

import io.netsentinel.pki.SentinelConfigFile;
import io.netsentinel.pki.ServerPki;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "rotate-key",
    mixinStandardHelpOptions = true,
    versionProvider = ServerVersion.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Replaces the api_key in sentinel_config.json with a fresh random one.",
      "",
      "Nothing else in the file changes. Agents holding the old key are refused once",
      "the server runs with the new config: give them the new one."
    })
final class RotateKeyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Target target;

  static final class Target {
    @Option(names = "--dir", required = true, paramLabel = "DIR", description = "Server folder made by init.")
    Path dir;

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "The config file.")
    Path config;
  }

  @Override
  public Integer call() throws IOException {
    Path config;
    if (target.dir != null) {
      Dirs.requireServerDirectory(target.dir);
      config = target.dir.resolve(SentinelConfigFile.FILE_NAME);
    } else {
      config = target.config;
    }
    new ServerPki().rotateApiKey(config);
    PrintWriter out = spec.commandLine().getOut();
    out.println("Replaced api_key in " + config.toAbsolutePath().normalize() + " (mode 600; other settings unchanged).");
    out.println("The old key stops working as soon as the server runs with this config: copy the new api_key (or the");
    out.println("whole config) to every agent, then restart the server and the agents. Certificates are unchanged.");
    out.flush();
    return 0;
  }
}
