package io.netsentinel.api;

import org.slf4j.Logger;

/** What a packet source gets when it is opened. */
public interface SourceContext {

  /** The source's settings: its own section {@code sources.<id>}, falling back to top-level keys. */
  Settings settings();

  Logger logger();
}
