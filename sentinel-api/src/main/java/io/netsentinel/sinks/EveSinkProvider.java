package io.netsentinel.sinks;

import io.netsentinel.api.AlertSink;
import io.netsentinel.api.AlertSinkProvider;
import io.netsentinel.api.SettingsException;
import io.netsentinel.api.SinkContext;
import java.io.IOException;
import java.nio.file.Path;

/** Sink {@code eve}: Suricata EVE alert lines to {@code sinks.eve.path} (default {@code eve.json} in the data dir). */
public final class EveSinkProvider implements AlertSinkProvider {
  @Override
  public String id() {
    return "eve";
  }

  @Override
  public AlertSink create(SinkContext context) {
    Path path = SinkFiles.path(context, "eve.json");
    try {
      return Sinks.eve(path);
    } catch (IOException e) {
      throw new SettingsException("path: cannot open " + path + " for appending: " + e.getMessage(), e);
    }
  }
}
