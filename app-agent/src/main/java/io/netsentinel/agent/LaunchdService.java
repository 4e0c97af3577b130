package io.netsentinel.agent;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A launchd daemon (runs as root, so capture works) in /Library/LaunchDaemons, loaded with launchctl. */
final class LaunchdService implements ServiceManager {
  static final String LABEL = "io.netsentinel.agent";

  private final Path daemonDirectory;
  private final CommandRunner runner;

  LaunchdService(Path daemonDirectory, CommandRunner runner) {
    this.daemonDirectory = daemonDirectory;
    this.runner = runner;
  }

  Path plistFile() {
    return daemonDirectory.resolve(LABEL + ".plist");
  }

  static String plist(ServiceDefinition service) {
    StringBuilder args = new StringBuilder();
    for (String arg : service.command()) {
      args.append("    <string>").append(Xml.escape(arg)).append("</string>\n");
    }
    String data = Xml.escape(service.dataDir().toString());
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + "<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" \"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n"
        + "<plist version=\"1.0\">\n"
        + "<dict>\n"
        + "  <key>Label</key>\n"
        + "  <string>" + LABEL + "</string>\n"
        + "  <key>ProgramArguments</key>\n"
        + "  <array>\n"
        + args
        + "  </array>\n"
        + "  <key>WorkingDirectory</key>\n"
        + "  <string>" + data + "</string>\n"
        + "  <key>RunAtLoad</key>\n"
        + "  <true/>\n"
        + "  <key>KeepAlive</key>\n"
        + "  <dict>\n"
        + "    <key>SuccessfulExit</key>\n"
        + "    <false/>\n"
        + "  </dict>\n"
        + "  <key>StandardOutPath</key>\n"
        + "  <string>" + data + "/agent.log</string>\n"
        + "  <key>StandardErrorPath</key>\n"
        + "  <string>" + data + "/agent.log</string>\n"
        + "</dict>\n"
        + "</plist>\n";
  }

  @Override
  public void install(ServiceDefinition service, PrintStream out) throws IOException {
    Files.createDirectories(service.dataDir());
    Files.createDirectories(daemonDirectory);
    Files.writeString(plistFile(), plist(service), StandardCharsets.UTF_8);
    out.println("wrote " + plistFile());
    runner.runOrFail(List.of("launchctl", "load", "-w", plistFile().toString()));
    out.println("loaded " + LABEL + " (it starts at boot; it also started now, as RunAtLoad is set)");
  }

  @Override
  public void uninstall(PrintStream out) throws IOException {
    if (!Files.exists(plistFile())) {
      throw new IOException(plistFile() + " does not exist: the service is not installed");
    }
    runner.run(List.of("launchctl", "unload", "-w", plistFile().toString()));
    Files.delete(plistFile());
    out.println("removed " + plistFile());
  }

  @Override
  public void start(PrintStream out) throws IOException {
    runner.runOrFail(List.of("launchctl", "start", LABEL));
    out.println("started " + LABEL);
  }

  @Override
  public void stop(PrintStream out) throws IOException {
    runner.runOrFail(List.of("launchctl", "stop", LABEL));
    out.println("stopped " + LABEL + " (launchd restarts it only after a failure)");
  }
}
