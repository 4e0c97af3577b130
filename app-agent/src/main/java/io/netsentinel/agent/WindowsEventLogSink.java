package io.netsentinel.agent;

import io.netsentinel.api.Alert;
import io.netsentinel.api.AlertSink;
import io.netsentinel.api.Severity;
import java.util.function.Consumer;

/** CRITICAL alerts as errors and HIGH alerts as warnings in the Windows Application log, source NetSentinelAgent. */
final class WindowsEventLogSink implements AlertSink {
  static final int CRITICAL_EVENT_ID = 1001;
  static final int HIGH_EVENT_ID = 1002;

  private final EventLogApi api;
  private final Consumer<String> warn;
  private boolean warned;

  WindowsEventLogSink(EventLogApi api, Consumer<String> warn) {
    this.api = api;
    this.warn = warn;
  }

  @Override
  public void accept(Alert alert) {
    boolean critical = alert.severity() == Severity.CRITICAL;
    if (!critical && alert.severity() != Severity.HIGH) {
      return;
    }
    boolean written = api.report(critical ? EventLogApi.ERROR_TYPE : EventLogApi.WARNING_TYPE,
        critical ? CRITICAL_EVENT_ID : HIGH_EVENT_ID, text(alert));
    if (!written && !warned) {
      warned = true;
      warn.accept("the Windows Event Log refused an alert (further failures are not reported)");
    }
  }

  static String text(Alert alert) {
    StringBuilder text = new StringBuilder()
        .append(alert.severity()).append(' ').append(alert.category()).append(": ").append(alert.message());
    if (alert.srcIp() != null) {
      text.append("\r\nsource: ").append(alert.srcIp());
    }
    if (alert.destIp() != null) {
      text.append("\r\ndestination: ").append(alert.destIp());
    }
    text.append("\r\ndetector: ").append(alert.detector()).append("\r\nalert id: ").append(alert.id());
    return text.toString();
  }

  @Override
  public void close() {
    api.close();
  }
}
