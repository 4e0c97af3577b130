package io.netsentinel.engine;

import io.netsentinel.api.BoundedTable;
import io.netsentinel.api.DetectorContext;
import io.netsentinel.api.Settings;
import io.netsentinel.api.SinkContext;
import io.netsentinel.api.SourceContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The context handed to one plugin: its settings section and a logger named after it. */
final class PluginContext implements DetectorContext, SinkContext, SourceContext {
  private final String id;
  private final Settings settings;
  private final Logger logger;
  private final List<BoundedTable<?>> tables = new ArrayList<>();
  private final Map<String, long[]> retired = new LinkedHashMap<>();
  private final Map<String, LongAdder> counters = new LinkedHashMap<>();
  private final Map<String, LongSupplier> gauges = new LinkedHashMap<>();

  private final Sensor sensor;
  private java.util.function.Supplier<Map<String, Long>> engineStats = Map::of;

  PluginContext(String kind, String id, Settings settings) {
    this(kind, id, settings, new Sensor(null, null, null));
  }

  PluginContext(String kind, String id, Settings settings, Sensor sensor) {
    this.id = id;
    this.sensor = sensor;
    this.settings = settings.section(kind + "s", id);
    this.logger = LoggerFactory.getLogger("io.netsentinel." + kind + "." + id);
  }

  @Override
  public String detectorId() {
    return id;
  }

  @Override
  public Sensor sensor() {
    return sensor;
  }

  @Override
  public Map<String, Long> engineStats() {
    return engineStats.get();
  }

  PluginContext engineStats(java.util.function.Supplier<Map<String, Long>> supplier) {
    engineStats = supplier;
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
  public <S> BoundedTable<S> table(String name, long idleNanos, Supplier<S> factory) {
    BoundedTable<S> table = new BoundedTable<>(name, settings.getInt("max_table_entries"), idleNanos, factory);
    tables.add(table);
    return table;
  }

  @Override
  public BoundedTable<Void> valueTable(String name, long idleNanos, int valuesPerEntry) {
    BoundedTable<Void> table =
        new BoundedTable<>(name, settings.getInt("max_table_entries"), idleNanos, null, valuesPerEntry);
    tables.add(table);
    return table;
  }

  @Override
  public synchronized LongAdder counter(String name) {
    return counters.computeIfAbsent(name, k -> new LongAdder());
  }

  @Override
  public synchronized void gauge(String name, LongSupplier value) {
    gauges.put(name, java.util.Objects.requireNonNull(value, "gauge supplier"));
  }

  /** Each gauge's current value as {@code <id>/<name>}; a supplier that throws is reported as -1. */
  Map<String, Long> gaugeValues() {
    Map<String, LongSupplier> copy;
    synchronized (this) {
      copy = new LinkedHashMap<>(gauges);
    }
    Map<String, Long> out = new LinkedHashMap<>();
    copy.forEach((name, supplier) -> {
      long v;
      try {
        v = supplier.getAsLong();
      } catch (RuntimeException e) {
        logger.debug("gauge {} failed: {}", name, e.toString());
        v = -1;
      }
      out.put(id + "/" + name, v);
    });
    return out;
  }

  synchronized Map<String, Long> counterValues() {
    Map<String, Long> out = new LinkedHashMap<>();
    counters.forEach((name, adder) -> out.put(id + "/" + name, adder.sum()));
    return out;
  }

  /** The detector is being recreated: keep its tables' counters, forget the tables. */
  void retireTables() {
    for (BoundedTable<?> t : tables) {
      long[] sums = retired.computeIfAbsent(t.name(), k -> new long[2]);
      sums[0] += t.evictions();
      sums[1] += t.expirations();
    }
    tables.clear();
  }

  List<TableStats> tableStats() {
    List<TableStats> out = new ArrayList<>();
    for (BoundedTable<?> t : tables) {
      long[] before = retired.getOrDefault(t.name(), new long[2]);
      out.add(new TableStats(id + "/" + t.name(), t.size(), t.maxEntries(), t.evictions() + before[0],
          t.expirations() + before[1]));
    }
    return out;
  }
}
