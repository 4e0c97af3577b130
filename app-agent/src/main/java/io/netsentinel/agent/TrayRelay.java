package io.netsentinel.agent;

import io.netsentinel.api.Alert;
import io.netsentinel.api.AlertSink;
import java.util.concurrent.atomic.AtomicReference;

/** Passes each alert's severity to the tray icon, once there is one (the tray starts after the engine). */
final class TrayRelay implements AlertSink {
  private final AtomicReference<AgentTray> tray = new AtomicReference<>();

  void attach(AgentTray value) {
    tray.set(value);
  }

  /** Detaches and returns the tray, or null. */
  AgentTray detach() {
    return tray.getAndSet(null);
  }

  @Override
  public void accept(Alert alert) {
    AgentTray t = tray.get();
    if (t != null) {
      t.onAlert(alert.severity());
    }
  }
}
