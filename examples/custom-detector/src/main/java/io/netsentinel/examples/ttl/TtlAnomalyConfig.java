package io.netsentinel.examples.ttl;

import io.netsentinel.api.Settings;
import io.netsentinel.api.SettingsException;
import io.netsentinel.api.Severity;
import java.util.Locale;

/**
 * The settings of {@code ttl-anomaly}, from its own section of the config file:
 *
 * <pre>{@code
 * "detectors": {"ttl-anomaly": {"learning_packets": 5, "min_deviation": 10, "confirm_packets": 4,
 *                               "confirm_window": 10, "baseline_idle": 600, "severity": "MEDIUM"}}
 * }</pre>
 *
 * @param learningPackets the packets from a source whose TTLs make its baseline
 * @param minDeviation how many hops outside the baseline a TTL must be to count as anomalous
 * @param confirmPackets anomalous packets with one same TTL needed before an alert
 * @param confirmWindowNanos the packet time within which those packets must arrive
 * @param baselineIdleNanos packet time after which a silent source's baseline is forgotten and learned again
 * @param severity the severity of the alerts
 */
record TtlAnomalyConfig(
    int learningPackets,
    int minDeviation,
    int confirmPackets,
    long confirmWindowNanos,
    long baselineIdleNanos,
    Severity severity) {
  private static final String SECTION = "detectors." + TtlAnomalyDetectorProvider.ID + ".";

  TtlAnomalyConfig {
    inRange("learning_packets", learningPackets, 1, 1000, "packets");
    // A TTL is 0-255, so a deviation of 255 or more could never be reached.
    inRange("min_deviation", minDeviation, 1, 254, "hops");
    inRange("confirm_packets", confirmPackets, 1, 1000, "packets");
    positive("confirm_window", confirmWindowNanos);
    positive("baseline_idle", baselineIdleNanos);
    if (severity == null) {
      throw new SettingsException(SECTION + "severity is required");
    }
  }

  static TtlAnomalyConfig from(Settings s) {
    return new TtlAnomalyConfig(
        s.getInt("learning_packets", 5),
        s.getInt("min_deviation", 10),
        // Four, not three: traceroute sends three probes with each TTL, and they must not look like a new origin.
        s.getInt("confirm_packets", 4),
        s.getDurationNanos("confirm_window", 10),
        s.getDurationNanos("baseline_idle", 600),
        severity(s.getString("severity", "MEDIUM")));
  }

  private static Severity severity(String value) {
    try {
      return Severity.valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new SettingsException(
          SECTION + "severity: expected one of LOW, MEDIUM, HIGH, CRITICAL, got \"" + value + "\"");
    }
  }

  private static void inRange(String key, int value, int min, int max, String unit) {
    if (value < min || value > max) {
      throw new SettingsException(
          SECTION + key + ": expected " + min + "-" + max + " " + unit + ", got " + value);
    }
  }

  private static void positive(String key, long nanos) {
    if (nanos <= 0) {
      throw new SettingsException(SECTION + key + ": expected a number of seconds greater than 0, got 0");
    }
  }
}
