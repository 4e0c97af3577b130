package io.netsentinel.testkit;

import io.netsentinel.api.Settings;
import io.netsentinel.api.SinkContext;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link SinkContext} for testing an {@code AlertSinkProvider} without an engine: the sink's settings section, a
 * logger, a sensor identity and engine counters of the test's choosing, and the counters and gauges the sink
 * registers, readable by the test.
 *
 * <pre>{@code
 * TestSinkContext context = TestSinkContext.forSink("webhook", Settings.of(Map.of("sinks",
 *     Map.of("webhook", Map.of("url", server.url())))));
 * try (AlertSink sink = new WebhookSinkProvider().create(context)) { … }
 * assertThat(context.count("sent")).isEqualTo(3);
 * }</pre>
 */
public final class TestSinkContext implements SinkContext {
  private final Settings settings;
  private Logger logger;
  private Sensor sensor = new Sensor(null, "test-sensor", "Test OS");
  private Map<String, Long> engineStats = Map.of();
  private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
  private final Map<String, LongSupplier> gauges = new ConcurrentHashMap<>();

  private TestSinkContext(Settings settings, Logger logger) {
    this.settings = settings;
    this.logger = logger;
  }

  /** The context the engine would give sink {@code id}: its section {@code sinks.<id>}, falling back to the top level. */
  public static TestSinkContext forSink(String id, Settings settings) {
    return new TestSinkContext(settings.section("sinks", id), LoggerFactory.getLogger("io.netsentinel.sink." + id));
  }

  /** Logs to {@code value} instead (for example a logger whose events the test reads). */
  public TestSinkContext logger(Logger value) {
    this.logger = Objects.requireNonNull(value);
    return this;
  }

  /** The sensor identity the sink sees (default: no agent id, {@code test-sensor}, {@code Test OS}). */
  public TestSinkContext sensor(String agentId, String hostname, String os) {
    this.sensor = new Sensor(agentId, hostname, os);
    return this;
  }

  /** The engine counters the sink sees, as a running engine would report them. */
  public TestSinkContext engineStats(Map<String, Long> value) {
    this.engineStats = Map.copyOf(value);
    return this;
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
  public Sensor sensor() {
    return sensor;
  }

  @Override
  public Map<String, Long> engineStats() {
    return engineStats;
  }

  @Override
  public LongAdder counter(String name) {
    return counters.computeIfAbsent(name, k -> new LongAdder());
  }

  @Override
  public void gauge(String name, LongSupplier value) {
    gauges.put(name, Objects.requireNonNull(value));
  }

  /** The value of the sink's counter {@code name}, 0 when it never registered one. */
  public long count(String name) {
    LongAdder adder = counters.get(name);
    return adder == null ? 0 : adder.sum();
  }

  /** The current value of the sink's gauge {@code name}. */
  public long gauge(String name) {
    LongSupplier supplier = gauges.get(name);
    if (supplier == null) {
      throw new IllegalArgumentException("the sink registered no gauge '" + name + "'; it has " + gauges.keySet());
    }
    return supplier.getAsLong();
  }
}
