package io.netsentinel.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The dashboard's numbers.
 *
 * @param bySeverity all-time counts per severity name
 * @param byCategory all-time counts per category
 * @param recentBySeverity counts per severity over the last 15 minutes, {@code [at - 15 min, at]} by alert timestamp
 *     (the input of the threat level)
 * @param timeline alerts per minute over the last 60 minutes, oldest first (60 entries): clock minutes (UTC), the
 *     last entry being the current minute up to {@code at}
 * @param topSources the 10 sources with the most alerts, most first
 * @param total all alerts stored
 */
public record StoreStats(
    Map<String, Long> bySeverity,
    Map<String, Long> byCategory,
    Map<String, Long> recentBySeverity,
    List<Long> timeline,
    List<SourceCount> topSources,
    long total,
    Instant at) {

  /** A source and its alert count. */
  public record SourceCount(String source, long alerts) {}
}
