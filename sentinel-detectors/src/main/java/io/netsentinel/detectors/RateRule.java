package io.netsentinel.detectors;

import io.netsentinel.api.BoundedTable;
import io.netsentinel.api.DetectorContext;

/**
 * "At least {@code threshold} of something from one key within {@code window}": a bounded table whose entries hold a
 * {@link WindowCounter} in the table itself. When a key reaches the threshold, {@link #add} returns the sum and the
 * key's count starts again, so a continuing attack raises a new alert only after another full threshold (and the
 * engine's cooldown decides what reaches the user).
 */
final class RateRule {
  private final BoundedTable<Void> table;
  private final WindowCounter counter;
  private final long threshold;
  private long durationNanos;

  RateRule(DetectorContext context, String tableName, long windowNanos, long threshold) {
    this.counter = new WindowCounter(windowNanos);
    this.threshold = threshold;
    this.table = context.valueTable(tableName, windowNanos, WindowCounter.WIDTH);
  }

  /** Adds {@code amount} for the key; returns the windowed sum when it reached the threshold, otherwise -1. */
  long add(long hi, long lo, int extra, long nowNanos, long amount) {
    table.upsert(hi, lo, extra, nowNanos);
    long[] values = table.values();
    int base = table.valueIndex();
    long sum = counter.add(values, base, nowNanos, amount);
    if (sum < threshold) {
      return -1;
    }
    durationNanos = nowNanos - WindowCounter.firstNanos(values, base);
    WindowCounter.reset(values, base);
    return sum;
  }

  /** How long the events of the last hit took, first to last. */
  long lastDurationNanos() {
    return durationNanos;
  }

  void expire(long nowNanos) {
    table.expire(nowNanos);
  }
}
