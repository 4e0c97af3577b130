package io.netsentinel.server;

import java.util.Map;

/**
 * The dashboard's threat level, from the alerts of the last 15 minutes ({@code StoreStats.recentBySeverity}). Each
 * alert scores by severity: LOW 1, MEDIUM 3, HIGH 10, CRITICAL 25. The sum gives the level: 0 NORMAL, 1-9 ELEVATED,
 * 10-29 MODERATE, 30-99 HIGH, 100 and more CRITICAL. One HIGH alert is MODERATE, one CRITICAL alert is MODERATE,
 * four CRITICAL alerts are CRITICAL.
 */
enum ThreatLevel {
  NORMAL, ELEVATED, MODERATE, HIGH, CRITICAL;

  static long score(Map<String, Long> recentBySeverity) {
    return recentBySeverity.getOrDefault("LOW", 0L)
        + 3 * recentBySeverity.getOrDefault("MEDIUM", 0L)
        + 10 * recentBySeverity.getOrDefault("HIGH", 0L)
        + 25 * recentBySeverity.getOrDefault("CRITICAL", 0L);
  }

  static ThreatLevel of(long score) {
    if (score >= 100) {
      return CRITICAL;
    }
    if (score >= 30) {
      return HIGH;
    }
    if (score >= 10) {
      return MODERATE;
    }
    return score >= 1 ? ELEVATED : NORMAL;
  }
}
