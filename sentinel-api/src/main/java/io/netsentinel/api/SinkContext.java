package io.netsentinel.api;

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

  /** The identity of the sensor running the engine. */
  record Sensor(String agentId, String hostname, String os) {}
}
