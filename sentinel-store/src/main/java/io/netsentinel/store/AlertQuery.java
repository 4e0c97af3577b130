package io.netsentinel.store;

import io.netsentinel.api.Severity;
import java.time.Instant;

/**
 * Filters for {@link AlertStore#query}; null means "any".
 *
 * @param q full-text search (case-insensitive substring) over category, message, source IP and hostname
 * @param since alerts at or after this time (alert timestamp)
 * @param until alerts before this time
 * @param limit page size (1-1000)
 * @param cursor the {@link AlertPage#nextCursor()} of the previous page, or null for the first
 */
public record AlertQuery(
    Severity severity,
    String category,
    String agentId,
    String q,
    Instant since,
    Instant until,
    int limit,
    String cursor) {

  public AlertQuery {
    if (limit < 1 || limit > 1000) {
      throw new IllegalArgumentException("limit must be 1-1000, got " + limit);
    }
  }

  public static AlertQuery all(int limit) {
    return new AlertQuery(null, null, null, null, null, null, limit, null);
  }

  public AlertQuery withCursor(String next) {
    return new AlertQuery(severity, category, agentId, q, since, until, limit, next);
  }
}
