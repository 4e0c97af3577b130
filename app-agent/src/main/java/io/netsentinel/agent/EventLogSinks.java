package io.netsentinel.agent;

import io.netsentinel.api.AlertSink;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;

/** The OS event log sink for live mode: the Windows Application log, or syslog on Linux and macOS. */
final class EventLogSinks {
  private EventLogSinks() {}

  /** The sink for this OS, or null (after one warning) when the OS has none we can write to. */
  static AlertSink forOs(String osName, String hostname, Consumer<String> warn) {
    String os = osName.toLowerCase(Locale.ROOT);
    long pid = ProcessHandle.current().pid();
    if (os.startsWith("windows")) {
      try {
        return new WindowsEventLogSink(new Advapi32EventLogApi(), warn);
      } catch (IOException | RuntimeException | LinkageError e) {
        warn.accept("Windows event log is off: " + e.getMessage());
        return null;
      }
    }
    if (os.startsWith("mac") || os.startsWith("darwin")) {
      return new SyslogSink(Path.of("/var/run/syslog"), hostname, pid, warn);
    }
    if (os.startsWith("linux")) {
      return new SyslogSink(Path.of("/dev/log"), hostname, pid, warn);
    }
    warn.accept("no event log for " + osName + ": the event log sink is off");
    return null;
  }
}
