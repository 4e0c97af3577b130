package io.netsentinel.agent;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/** Installs the agent as an OS service and starts or stops it: systemd, launchd, or WinSW on Windows. */
interface ServiceManager {
  void install(ServiceDefinition service, PrintStream out) throws IOException;

  void uninstall(PrintStream out) throws IOException;

  void start(PrintStream out) throws IOException;

  void stop(PrintStream out) throws IOException;

  /** The manager for the OS named by {@code os.name}, with the system's own directories and a real command runner. */
  static ServiceManager forOs(String osName, Path jarDirectory) throws IOException {
    String os = osName.toLowerCase(Locale.ROOT);
    CommandRunner runner = CommandRunner.process();
    if (os.startsWith("windows")) {
      return new WinswService(jarDirectory, runner);
    }
    if (os.startsWith("mac") || os.startsWith("darwin")) {
      return new LaunchdService(Path.of("/Library/LaunchDaemons"), runner);
    }
    if (os.startsWith("linux")) {
      return new SystemdService(Path.of("/etc/systemd/system"), runner);
    }
    throw new IOException("no service support for " + osName + " (systemd, launchd and Windows only)");
  }
}
