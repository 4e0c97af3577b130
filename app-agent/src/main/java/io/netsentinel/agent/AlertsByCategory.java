package io.netsentinel.agent;

import io.netsentinel.api.Alert;
import io.netsentinel.api.AlertSink;
import java.util.Map;
import java.util.TreeMap;

/** Counts alerts by category as they pass the cooldown: a sink of the live run, read by /metrics. */
final class AlertsByCategory implements AlertSink {
  private final Map<String, Long> byCategory = new TreeMap<>();

  @Override
  public synchronized void accept(Alert alert) {
    byCategory.merge(alert.category(), 1L, Long::sum);
  }

  synchronized Map<String, Long> snapshot() {
    return new TreeMap<>(byCategory);
  }
}
