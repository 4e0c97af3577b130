package io.netsentinel.engine;

import io.netsentinel.api.DetectorContext;
import io.netsentinel.api.Settings;
import io.netsentinel.api.SinkContext;
import io.netsentinel.api.SourceContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The context handed to one plugin: its settings section and a logger named after it. */
final class PluginContext implements DetectorContext, SinkContext, SourceContext {
  private final String id;
  private final Settings settings;
  private final Logger logger;

  PluginContext(String kind, String id, Settings settings) {
    this.id = id;
    this.settings = settings.section(kind + "s", id);
    this.logger = LoggerFactory.getLogger("io.netsentinel." + kind + "." + id);
  }

  @Override
  public String detectorId() {
    return id;
  }

  @Override
  public Settings settings() {
    return settings;
  }

  @Override
  public Logger logger() {
    return logger;
  }
}
