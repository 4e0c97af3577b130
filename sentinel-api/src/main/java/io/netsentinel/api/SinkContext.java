package io.netsentinel.api;

import org.slf4j.Logger;

/** What an alert sink gets when it is created. */
public interface SinkContext {

  /** The sink's settings: its own section {@code sinks.<id>}, falling back to top-level keys. */
  Settings settings();

  Logger logger();
}
