package io.netsentinel.agent;

import io.netsentinel.api.Alert;
import io.netsentinel.api.AlertSink;
import java.io.PrintStream;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** One readable line per alert, for a person at a terminal. */
final class TextAlertSink implements AlertSink {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

  private final PrintStream out;

  TextAlertSink(PrintStream out) {
    this.out = out;
  }

  @Override
  public void accept(Alert a) {
    out.printf(
        "%s  %-8s %-16s %s%s  %s%n",
        TIME.format(a.timestamp()),
        a.severity(),
        a.category(),
        endpoint(a.srcIp() != null ? a.srcIp() : a.srcMac(), a.srcPort()),
        a.destIp() == null ? "" : " -> " + endpoint(a.destIp(), a.destPort()),
        a.message());
  }

  private static String endpoint(String ip, Integer port) {
    if (ip == null) {
      return "-";
    }
    if (port == null) {
      return ip;
    }
    return ip.indexOf(':') >= 0 ? "[" + ip + "]:" + port : ip + ":" + port;
  }

  @Override
  public void flush() {
    out.flush();
  }
}
