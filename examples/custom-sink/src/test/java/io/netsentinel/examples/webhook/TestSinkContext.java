package io.netsentinel.examples.webhook;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netsentinel.api.Settings;
import io.netsentinel.api.SinkContext;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A sink context with a given {@code sinks.webhook} section, a logger whose events the test reads, and counters. */
final class TestSinkContext implements SinkContext {
  private final Settings settings;
  private final ch.qos.logback.classic.Logger logger;
  private final ListAppender<ILoggingEvent> events = new ListAppender<>();
  private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();

  TestSinkContext(Map<String, ?> section) {
    settings = Settings.of(Map.of("sinks", Map.of(WebhookSinkProvider.ID, section)))
        .section("sinks", WebhookSinkProvider.ID);
    logger = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger("webhook-test-" + UUID.randomUUID());
    logger.setLevel(Level.INFO);
    logger.setAdditive(false);
    events.start();
    logger.addAppender(events);
  }

  @Override
  public Settings settings() {
    return settings;
  }

  @Override
  public Logger logger() {
    return logger;
  }

  @Override
  public LongAdder counter(String name) {
    return counters.computeIfAbsent(name, k -> new LongAdder());
  }

  long count(String name) {
    LongAdder adder = counters.get(name);
    return adder == null ? 0 : adder.sum();
  }

  List<ILoggingEvent> events() {
    return List.copyOf(events.list);
  }
}
