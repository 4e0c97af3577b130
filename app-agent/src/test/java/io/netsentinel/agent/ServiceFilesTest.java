package io.netsentinel.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated systemd unit, launchd plist and WinSW descriptor, and the commands run to install them. */
class ServiceFilesTest {
  @TempDir Path dir;

  final List<List<String>> commands = new ArrayList<>();
  final CommandRunner recorder = command -> {
    commands.add(List.copyOf(command));
    return 0;
  };
  final ByteArrayOutputStream output = new ByteArrayOutputStream();
  final PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);

  private ServiceDefinition service() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java").toRealPath();
    Path jar = Files.createFile(dir.resolve("netsentinel-agent.jar"));
    return new ServiceDefinition(java, jar, dir.resolve("agent.json"), dir.resolve("data"));
  }

  @Test
  void systemdUnitGrantsOnlyTheCaptureCapabilitiesAndWritesOnlyTheDataDirectory() throws Exception {
    ServiceDefinition service = service();
    List<String> lines = List.of(SystemdService.unit(service).split("\n"));
    assertThat(lines).contains(
        "ExecStart=" + service.java() + " -XX:+UseSerialGC -Xms16m -Xmx512m -jar " + dir.resolve("netsentinel-agent.jar")
            + " --config " + dir.resolve("agent.json"),
        "Environment=MALLOC_ARENA_MAX=2",
        "AmbientCapabilities=CAP_NET_RAW CAP_NET_ADMIN",
        "CapabilityBoundingSet=CAP_NET_RAW CAP_NET_ADMIN",
        "NoNewPrivileges=yes",
        "ProtectSystem=strict",
        "ProtectHome=yes",
        "PrivateTmp=yes",
        "ReadWritePaths=" + dir.resolve("data"),
        "Restart=on-failure",
        "WantedBy=multi-user.target");
  }

  @Test
  void installWritesTheUnitThenReloadsAndEnablesIt() throws Exception {
    SystemdService systemd = new SystemdService(dir.resolve("units"), recorder);
    ServiceDefinition service = service();
    systemd.install(service, out);
    assertThat(Files.readString(dir.resolve("units/netsentinel-agent.service"))).isEqualTo(SystemdService.unit(service));
    assertThat(dir.resolve("data")).isDirectory();
    assertThat(commands).containsExactly(
        List.of("systemctl", "daemon-reload"), List.of("systemctl", "enable", "netsentinel-agent.service"));
  }

  @Test
  void startStopAndUninstallCallSystemctlAndRemoveTheUnit() throws Exception {
    SystemdService systemd = new SystemdService(dir.resolve("units"), recorder);
    systemd.install(service(), out);
    commands.clear();
    systemd.start(out);
    systemd.stop(out);
    systemd.uninstall(out);
    assertThat(commands).containsExactly(
        List.of("systemctl", "start", "netsentinel-agent.service"),
        List.of("systemctl", "stop", "netsentinel-agent.service"),
        List.of("systemctl", "disable", "--now", "netsentinel-agent.service"),
        List.of("systemctl", "daemon-reload"));
    assertThat(dir.resolve("units/netsentinel-agent.service")).doesNotExist();
  }

  @Test
  void failingSystemctlFailsTheInstallWithTheCommandLine() throws Exception {
    SystemdService systemd = new SystemdService(dir.resolve("units"), command -> 1);
    try {
      systemd.install(service(), out);
      throw new AssertionError("install should fail");
    } catch (java.io.IOException e) {
      assertThat(e).hasMessage("systemctl daemon-reload exited with 1");
    }
  }

  @Test
  void systemdAnalyzeVerifiesTheGeneratedUnitWithoutAComplaint() throws Exception {
    Path analyze = Path.of("/usr/bin/systemd-analyze");
    assumeTrue(Files.isExecutable(analyze), "systemd-analyze is not installed");
    SystemdService systemd = new SystemdService(dir.resolve("units"), recorder);
    systemd.install(service(), out);
    Process p = new ProcessBuilder(analyze.toString(), "verify", systemd.unitFile().toString())
        .redirectErrorStream(true).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(said).isEmpty();
    assertThat(p.exitValue()).isZero();
  }

  @Test
  void launchdPlistRunsTheJarAsADaemonAndIsLoadedWithLaunchctl() throws Exception {
    LaunchdService launchd = new LaunchdService(dir.resolve("LaunchDaemons"), recorder);
    ServiceDefinition service = service();
    launchd.install(service, out);
    String plist = Files.readString(dir.resolve("LaunchDaemons/io.netsentinel.agent.plist"));
    assertThat(plist).contains(
        "  <key>Label</key>\n  <string>io.netsentinel.agent</string>\n",
        "  <key>ProgramArguments</key>\n  <array>\n"
            + "    <string>" + service.java() + "</string>\n"
            + "    <string>-XX:+UseSerialGC</string>\n"
            + "    <string>-Xms16m</string>\n"
            + "    <string>-Xmx512m</string>\n"
            + "    <string>-jar</string>\n"
            + "    <string>" + service.jar() + "</string>\n"
            + "    <string>--config</string>\n"
            + "    <string>" + service.config() + "</string>\n"
            + "  </array>\n",
        "  <key>RunAtLoad</key>\n  <true/>\n",
        "  <key>KeepAlive</key>\n  <dict>\n    <key>SuccessfulExit</key>\n    <false/>\n  </dict>\n");
    launchd.start(out);
    launchd.stop(out);
    launchd.uninstall(out);
    String path = dir.resolve("LaunchDaemons/io.netsentinel.agent.plist").toString();
    assertThat(commands).containsExactly(
        List.of("launchctl", "load", "-w", path),
        List.of("launchctl", "start", "io.netsentinel.agent"),
        List.of("launchctl", "stop", "io.netsentinel.agent"),
        List.of("launchctl", "unload", "-w", path));
  }

  @Test
  void winswDescriptorSitsNextToTheJarAndTheOutputSaysWhatToDownload() throws Exception {
    WinswService winsw = new WinswService(dir, recorder);
    ServiceDefinition service = service();
    winsw.install(service, out);
    String xml = Files.readString(dir.resolve("netsentinel-agent.xml"));
    assertThat(xml).contains(
        "  <id>netsentinel-agent</id>\n",
        "  <executable>" + service.java() + "</executable>\n",
        "  <arguments>-XX:+UseSerialGC -Xms16m -Xmx512m -jar " + service.jar() + " --config " + service.config() + "</arguments>\n",
        "  <startmode>Automatic</startmode>\n",
        "  <onfailure action=\"restart\" delay=\"10 sec\"/>\n");
    assertThat(commands).isEmpty();
    assertThat(output.toString(StandardCharsets.UTF_8))
        .contains("download WinSW from https://github.com/winsw/winsw/releases")
        .contains("sc.exe create netsentinel-agent binPath= \"" + dir.resolve("netsentinel-agent.exe")
            + "\" start= auto DisplayName= \"NetSentinel agent\"");
    winsw.start(out);
    winsw.stop(out);
    assertThat(commands).containsExactly(
        List.of("sc.exe", "start", "netsentinel-agent"), List.of("sc.exe", "stop", "netsentinel-agent"));
  }

  @Test
  void serviceOptionsAreListedAndOnlyOneIsTakenAtATime() {
    assertThat(AgentCommandTest.agent("--help").out())
        .contains("--install", "--uninstall", "--start", "--stop", "--no-event-log");
    AgentCommandTest.Result r = AgentCommandTest.agent("--install", "--stop");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("use one of --install, --uninstall, --start and --stop at a time");
  }
}
