package io.netsentinel.api;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * What a detector gets when it is created. New capabilities are added as methods here, so existing plugins keep
 * working.
 */
public interface DetectorContext {

  /** The provider id this context was made for. */
  String detectorId();

  /**
   * The detector's settings: its own section {@code detectors.<id>} of the config file, falling back to top-level keys
   * (which is where the standard detectors' seed keys live).
   */
  Settings settings();

  /** A logger named after the detector. */
  Logger logger();

  /**
   * A bounded table for per-key state, sized by the {@code max_table_entries} setting. The engine reports its size,
   * evictions and expirations in the run's statistics under {@code <detector id>/<name>}.
   *
   * @param idleNanos packet time after which an untouched entry is dropped
   */
  <S> BoundedTable<S> table(String name, long idleNanos, Supplier<S> factory);

  /**
   * A counter the engine reports in the run's statistics as {@code <detector id>/<name>} (lookups made, cache hits,
   * items dropped, …). Thread-safe, so a detector's background thread may count too. The same name gives the same
   * counter.
   */
  LongAdder counter(String name);

  /**
   * A gauge the engine reports as {@code <detector id>/<name>} in its live metrics and the run's statistics: a queue
   * depth, a quota used. The supplier is read from other threads, so it must be thread-safe and cheap. Registering a
   * name again replaces its supplier. Contexts that report no metrics ignore it.
   */
  default void gauge(String name, LongSupplier value) {}

  /**
   * A bounded table whose entries keep {@code valuesPerEntry} longs in the table itself (no state objects): the
   * fastest form for counters.
   */
  BoundedTable<Void> valueTable(String name, long idleNanos, int valuesPerEntry);
}
