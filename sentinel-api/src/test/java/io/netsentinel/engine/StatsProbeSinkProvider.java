package io.netsentinel.engine;

import io.netsentinel.api.AlertSink;
import io.netsentinel.api.AlertSinkProvider;
import io.netsentinel.api.SinkContext;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A test-only sink (id {@code stats-probe}) that records the engine's live stats at every alert. */
public final class StatsProbeSinkProvider implements AlertSinkProvider {
  static final CopyOnWriteArrayList<Map<String, Long>> SEEN = new CopyOnWriteArrayList<>();

  @Override
  public String id() {
    return "stats-probe";
  }

  @Override
  public AlertSink create(SinkContext context) {
    return alert -> SEEN.add(context.engineStats());
  }
}
