package io.netsentinel.agent;

import io.netsentinel.api.Alert;
import io.netsentinel.api.AlertSink;
import io.netsentinel.api.Severity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.function.Consumer;

/**
 * CRITICAL and HIGH alerts as RFC 5424 syslog messages, facility daemon, on the local datagram socket (/dev/log,
 * /var/run/syslog). Without a syslog daemon it warns once and turns itself off: the alerts still reach the other sinks.
 */
final class SyslogSink implements AlertSink {
  static final String APP_NAME = "netsentinel-agent";
  /** 32473 is the private enterprise number reserved for examples and documentation (RFC 5612). */
  static final String SD_ID = "alert@32473";
  private static final int FACILITY_DAEMON = 3;

  private final Path socket;
  private final String hostname;
  private final long pid;
  private final Consumer<String> warn;
  private UnixDatagramSender sender;
  private boolean disabled;

  SyslogSink(Path socket, String hostname, long pid, Consumer<String> warn) {
    this.socket = socket;
    this.hostname = hostname == null || hostname.isBlank() ? "-" : hostname.replace(' ', '_');
    this.pid = pid;
    this.warn = warn;
  }

  boolean disabled() {
    return disabled;
  }

  @Override
  public void accept(Alert alert) {
    if (disabled || (alert.severity() != Severity.CRITICAL && alert.severity() != Severity.HIGH)) {
      return;
    }
    try {
      if (sender == null) {
        if (!Files.exists(socket)) {
          disable("no syslog socket at " + socket + " (is a syslog daemon running?)");
          return;
        }
        sender = new UnixDatagramSender(socket);
      }
      sender.send(format(alert).getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      disable(e.getMessage());
    }
  }

  private void disable(String why) {
    disabled = true;
    close();
    warn.accept("syslog event log is off: " + why);
  }

  String format(Alert alert) {
    int severity = alert.severity() == Severity.CRITICAL ? 2 : 3;
    StringBuilder line = new StringBuilder();
    line.append('<').append(FACILITY_DAEMON * 8 + severity).append(">1 ")
        .append(DateTimeFormatter.ISO_INSTANT.format(alert.timestamp().truncatedTo(ChronoUnit.MICROS))).append(' ')
        .append(hostname).append(' ')
        .append(APP_NAME).append(' ')
        .append(pid).append(' ')
        .append(alert.category()).append(' ')
        .append('[').append(SD_ID);
    param(line, "category", alert.category());
    param(line, "severity", alert.severity().name());
    param(line, "src_ip", alert.srcIp());
    param(line, "dest_ip", alert.destIp());
    param(line, "message", alert.message());
    line.append("] ").append(alert.message());
    return line.toString();
  }

  /** RFC 5424 section 6.3.3: inside a parameter value, '"', '\' and ']' are escaped with a backslash. */
  private static void param(StringBuilder line, String name, String value) {
    if (value == null) {
      return;
    }
    line.append(' ').append(name).append("=\"")
        .append(value.replace("\\", "\\\\").replace("\"", "\\\"").replace("]", "\\]")).append('"');
  }

  @Override
  public void close() {
    if (sender != null) {
      sender.close();
      sender = null;
    }
  }
}
