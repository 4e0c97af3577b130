package io.netsentinel.store;

import java.time.Instant;
import java.util.Map;

/**
 * An agent as the server knows it.
 *
 * @param lastStats the counters of its last heartbeat
 * @param alertCount alerts stored from it
 */
public record AgentRecord(
    String id,
    String hostname,
    String os,
    String ip,
    String version,
    Instant firstSeen,
    Instant lastSeen,
    long alertCount,
    Map<String, Long> lastStats) {

  public AgentRecord {
    lastStats = lastStats == null ? Map.of() : Map.copyOf(lastStats);
  }
}
