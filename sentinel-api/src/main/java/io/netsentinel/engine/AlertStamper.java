package io.netsentinel.engine;

import io.netsentinel.api.Alert;
import java.util.function.Consumer;

/** Gives alerts their ids in the run's order and hands them on; one per run, used by one thread at a time. */
final class AlertStamper {
  private final Consumer<Alert> out;
  private final String agentId;
  private final String hostname;
  private final String os;
  private volatile long stamped;

  AlertStamper(Consumer<Alert> out, String agentId, String hostname, String os) {
    this.out = out;
    this.agentId = agentId;
    this.hostname = hostname;
    this.os = os;
  }

  void accept(PendingAlert pending) {
    long sequence = stamped;
    Alert alert = pending.stamp(sequence, agentId, hostname, os);
    stamped = sequence + 1;
    out.accept(alert);
  }

  /** Alerts handed on so far; any thread. */
  long count() {
    return stamped;
  }
}
