package io.netsentinel.vt;

import io.netsentinel.api.Severity;

/**
 * What VirusTotal says about one indicator: the engine counts of {@code data.attributes.last_analysis_stats} and the
 * community {@code reputation}.
 */
record Verdict(int malicious, int suspicious, int harmless, int undetected, int timeout, int reputation) {

  /**
   * The alert severity, or null for no alert: at least 9 malicious engines is CRITICAL, 3 to 8 is HIGH, otherwise at
   * least 5 suspicious is MEDIUM, otherwise a reputation below -10 is LOW.
   */
  Severity severity() {
    if (malicious >= 9) {
      return Severity.CRITICAL;
    }
    if (malicious >= 3) {
      return Severity.HIGH;
    }
    if (suspicious >= 5) {
      return Severity.MEDIUM;
    }
    if (reputation < -10) {
      return Severity.LOW;
    }
    return null;
  }

  /** Every engine that reported. */
  int engines() {
    return malicious + suspicious + harmless + undetected + timeout;
  }
}
