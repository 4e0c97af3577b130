package io.netsentinel.api;

import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
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
   * The engine's counters so far ({@code packets}, {@code alerts}, {@code dropped}), readable from any thread: for a
   * sink that reports the sensor's health, such as the heartbeat of the TLS sink.
   */
  default Map<String, Long> engineStats() {
    return Map.of();
  }

  /** The identity of the sensor running the engine. */
  record Sensor(String agentId, String hostname, String os) {}
}
