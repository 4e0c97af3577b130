package io.netsentinel.api;

import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/** What an alert sink gets when it is created. */
public interface SinkContext {

  /** The sink's settings: its own section {@code sinks.<id>}, falling back to top-level keys. */
  Settings settings();

  Logger logger();

  /** The sensor this engine runs as: its agent id (null until registered), host name and OS, as stamped on alerts. */
  default Sensor sensor() {
    return new Sensor(null, null, null);
  }

  /**
   * A counter the engine reports in the run's statistics as {@code <sink id>/<name>}. Thread-safe. The same name gives
   * the same counter.
   */
  default LongAdder counter(String name) {
    return new LongAdder();
  }

  /**
   * A gauge the engine reports as {@code <sink id>/<name>} in its live metrics and the run's statistics: a queue or
   * spool depth, a quota used. The supplier is read from other threads, so it must be thread-safe and cheap.
   * Registering a name again replaces its supplier. Contexts that report no metrics ignore it.
   */
  default void gauge(String name, LongSupplier value) {}

  /**
   * The engine's counters so far ({@code packets}, {@code alerts}, {@code dropped}), readable from any thread: for a
   * sink that reports the sensor's health, such as the heartbeat of the TLS sink.
   */
  default Map<String, Long> engineStats() {
    return Map.of();
  }

  /** The identity of the sensor running the engine. */
  record Sensor(String agentId, String hostname, String os) {}
}
