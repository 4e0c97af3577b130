package io.netsentinel.sinks;

import io.netsentinel.api.AlertSink;
import io.netsentinel.api.AlertSinkProvider;
import io.netsentinel.api.SettingsException;
import io.netsentinel.api.SinkContext;
import java.io.IOException;
import java.nio.file.Path;

/** Sink {@code json}: contract JSON lines to {@code sinks.json.path} (default {@code alerts.json} in the data dir). */
public final class JsonLinesSinkProvider implements AlertSinkProvider {
  @Override
  public String id() {
    return "json";
  }

  @Override
  public AlertSink create(SinkContext context) {
    Path path = SinkFiles.path(context, "alerts.json");
    try {
      return Sinks.jsonLines(path);
    } catch (IOException e) {
      throw new SettingsException("path: cannot open " + path + " for appending: " + e.getMessage(), e);
    }
  }
}
