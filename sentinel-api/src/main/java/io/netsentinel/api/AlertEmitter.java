package io.netsentinel.api;

/**
 * Where a detector sends its alerts. Alerts are stamped with the current packet time and pass through the engine's
 * cooldown before they reach the sinks.
 */
public interface AlertEmitter {

  /** Starts an alert; nothing is sent until {@link AlertDraft#emit()}. */
  AlertDraft alert(String category, Severity severity);

  /** The packet time the emitter stamps alerts with, in nanoseconds since the epoch. */
  long packetTimeNanos();
}
