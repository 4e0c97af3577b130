package io.netsentinel.agent;

import io.netsentinel.api.Alert;
import io.netsentinel.api.AlertSink;
import io.netsentinel.api.Severity;
import io.netsentinel.api.SourceStats;
import io.netsentinel.engine.PipelineStats;
import java.io.PrintStream;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/** Tallies alerts as they pass, and prints the closing summary of a run; live, /metrics reads its category tally. */
final class Summary implements AlertSink {
  private static final int TOP_SOURCES = 5;
  /** Sources tallied one by one; a live agent runs for months, so alerts from further sources are only counted. */
  static final int MAX_SOURCES = 100_000;

  private final Map<String, Long> byCategory = new TreeMap<>();
  private final Map<Severity, Long> bySeverity = new EnumMap<>(Severity.class);
  private final Map<String, Long> bySource = new HashMap<>();
  private final int maxSources;
  private long fromUntrackedSources;

  Summary() {
    this(MAX_SOURCES);
  }

  Summary(int maxSources) {
    this.maxSources = maxSources;
  }

  @Override
  public synchronized void accept(Alert alert) {
    byCategory.merge(alert.category(), 1L, Long::sum);
    bySeverity.merge(alert.severity(), 1L, Long::sum);
    String source = alert.srcIp() != null ? alert.srcIp() : alert.srcMac();
    if (source != null) {
      if (bySource.size() < maxSources || bySource.containsKey(source)) {
        bySource.merge(source, 1L, Long::sum);
      } else {
        fromUntrackedSources++;
      }
    }
  }

  /** A copy of the alerts so far by category, in name order. */
  synchronized Map<String, Long> alertsByCategory() {
    return new TreeMap<>(byCategory);
  }

  /** Prints the summary; {@code capture} is the source's counters (drops are shown for a live capture). */
  synchronized void print(PipelineStats s, SourceStats capture, PrintStream out) {
    double seconds = s.elapsedNanos() / 1e9;
    out.println();
    out.println("Summary");
    out.printf("  packets        %,d (%,d bytes on the wire)%n", s.packets(), s.bytes());
    out.printf(
        "  time           %.2f s (%,.0f packets/s)%n", seconds, seconds > 0 ? s.packets() / seconds : 0.0);
    out.printf("  decode errors  %,d%n", s.decodeErrors());
    if (capture != null && capture.dropped() >= 0) {
      out.printf("  capture drops  %,d by the kernel (buffer full), %,d by the interface%s%n", capture.dropped(),
          Math.max(0, capture.interfaceDropped()),
          capture.dropped() > 0 ? " (raise sources.pcap-live buffer_size, or narrow --filter)" : "");
    }
    if (s.dropped() > 0) {
      out.printf("  alerts dropped %,d (the sinks fell behind the capture)%n", s.dropped());
    }
    if (s.clockRegressions() > 0) {
      out.printf("  out-of-order   %,d packets had an earlier timestamp than the one before%n", s.clockRegressions());
    }
    if (s.timelines() > 1) {
      out.printf("  recordings     %,d (time stepped back to an earlier recording; detectors restarted each time)%n",
          s.timelines());
    }
    out.printf("  alerts         %,d (%,d more held back by the cooldown)%n", s.alerts(), s.suppressed());
    long evictions = s.tables().stream().mapToLong(t -> t.evictions()).sum();
    if (evictions > 0) {
      out.printf("  state          %,d table entries evicted (tables full: raise max_table_entries)%n", evictions);
    }
    if (s.alerts() == 0) {
      return;
    }
    StringBuilder severities = new StringBuilder();
    for (Severity sev : Severity.values()) {
      long n = bySeverity.getOrDefault(sev, 0L);
      if (n > 0) {
        severities.append(severities.length() == 0 ? "" : ", ").append(sev).append(' ').append(n);
      }
    }
    out.println("  by severity    " + severities);
    out.println("  by category");
    byCategory.forEach((category, n) -> out.printf("    %-22s %,d%n", category, n));
    out.println("  top sources");
    bySource.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .limit(TOP_SOURCES)
        .forEach(e -> out.printf("    %-40s %,d%n", e.getKey(), e.getValue()));
    if (fromUntrackedSources > 0) {
      out.printf("    (%,d more alerts from sources past the first %,d, not ranked)%n", fromUntrackedSources,
          maxSources);
    }
  }
}
