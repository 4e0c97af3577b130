package io.netsentinel.agent;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** A hardened systemd unit: only the capture capabilities, a read-only system, and write access to data_dir only. */
final class SystemdService implements ServiceManager {
  static final String UNIT = ServiceDefinition.NAME + ".service";

  private final Path unitDirectory;
  private final CommandRunner runner;

  SystemdService(Path unitDirectory, CommandRunner runner) {
    this.unitDirectory = unitDirectory;
    this.runner = runner;
  }

  Path unitFile() {
    return unitDirectory.resolve(UNIT);
  }

  static String unit(ServiceDefinition service) {
    String execStart = service.command().stream().map(SystemdService::quote).collect(Collectors.joining(" "));
    return String.join("\n",
        "[Unit]",
        "Description=NetSentinel agent (network intrusion detection)",
        "Wants=network-online.target",
        "After=network-online.target",
        "",
        "[Service]",
        "Type=simple",
        "ExecStart=" + execStart,
        "Environment=MALLOC_ARENA_MAX=2",
        "WorkingDirectory=" + quote(service.dataDir().toString()),
        "Restart=on-failure",
        "RestartSec=5",
        "AmbientCapabilities=CAP_NET_RAW CAP_NET_ADMIN",
        "CapabilityBoundingSet=CAP_NET_RAW CAP_NET_ADMIN",
        "NoNewPrivileges=yes",
        "ProtectSystem=strict",
        "ProtectHome=yes",
        "PrivateTmp=yes",
        "ReadWritePaths=" + quote(service.dataDir().toString()),
        "",
        "[Install]",
        "WantedBy=multi-user.target",
        "");
  }

  /** systemd splits on spaces; quote what has them, escaping backslashes and quotes. */
  private static String quote(String arg) {
    if (!arg.contains(" ") && !arg.contains("\"") && !arg.contains("\\")) {
      return arg;
    }
    return "\"" + arg.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  @Override
  public void install(ServiceDefinition service, PrintStream out) throws IOException {
    if (service.jar().startsWith("/home") || service.jar().startsWith("/root")) {
      out.println("warning: " + service.jar() + " is under a home directory, which ProtectHome=yes hides from the"
          + " service; put the JAR in /opt/netsentinel instead");
    }
    Files.createDirectories(service.dataDir());
    Files.createDirectories(unitDirectory);
    Files.writeString(unitFile(), unit(service), StandardCharsets.UTF_8);
    out.println("wrote " + unitFile());
    runner.runOrFail(List.of("systemctl", "daemon-reload"));
    runner.runOrFail(List.of("systemctl", "enable", UNIT));
    out.println("enabled " + UNIT + "; start it with --start or: systemctl start " + UNIT);
  }

  @Override
  public void uninstall(PrintStream out) throws IOException {
    if (!Files.exists(unitFile())) {
      throw new IOException(unitFile() + " does not exist: the service is not installed");
    }
    runner.run(List.of("systemctl", "disable", "--now", UNIT));
    Files.delete(unitFile());
    runner.runOrFail(List.of("systemctl", "daemon-reload"));
    out.println("removed " + unitFile());
  }

  @Override
  public void start(PrintStream out) throws IOException {
    runner.runOrFail(List.of("systemctl", "start", UNIT));
    out.println("started " + UNIT + "; logs: journalctl -u " + UNIT);
  }

  @Override
  public void stop(PrintStream out) throws IOException {
    runner.runOrFail(List.of("systemctl", "stop", UNIT));
    out.println("stopped " + UNIT);
  }
}
