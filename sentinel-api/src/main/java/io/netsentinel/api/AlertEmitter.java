package io.netsentinel.api;

/**
 * Where a detector sends its alerts. Alerts are stamped with the current packet time and pass through the engine's
 * cooldown before they reach the sinks.
 */
public interface AlertEmitter {

  /** Starts an alert; nothing is sent until {@link AlertDraft#emit()}. */
  AlertDraft alert(String category, Severity severity);

  /**
   * Asks the cooldown before an alert is composed: true when an alert of {@code category} with this cooldown key would
   * be held back now, and then the repeat is counted exactly as {@link AlertDraft#emit()} would count it (in the run's
   * statistics and in the next alert's {@code suppressed_count}). When it answers false nothing changes, and the
   * detector builds and emits the alert as usual. For a detector that fires on every packet of an attack, it saves
   * composing messages and attributes that the cooldown would drop.
   */
  boolean heldBack(String category, String cooldownKey);

  /** The packet time the emitter stamps alerts with, in nanoseconds since the epoch. */
  long packetTimeNanos();
}
