package io.netsentinel.detectors;

import io.netsentinel.api.AlertEmitter;
import io.netsentinel.api.BoundedTable;
import io.netsentinel.api.Categories;
import io.netsentinel.api.Detector;
import io.netsentinel.api.DetectorContext;
import io.netsentinel.api.PacketView;
import io.netsentinel.api.Settings;
import io.netsentinel.api.Severity;

/**
 * Two rules over SYN-only packets (SYN set, ACK clear):
 *
 * <ul>
 *   <li>per source: at least {@code syn_flood_threshold} within {@code syn_flood_window};
 *   <li>per destination (address and port), for spoofed and distributed floods where no single source is loud: at
 *       least {@code syn_flood_dest_threshold} within the window from at least {@code syn_flood_dest_min_sources}
 *       distinct sources (estimated), reported once per destination while the flood lasts.
 * </ul>
 */
final class SynFloodDetector implements Detector {
  record Config(long windowNanos, int threshold, int destThreshold, int destMinSources) {
    static Config from(Settings s) {
      return new Config(s.getDurationNanos("syn_flood_window"), s.getInt("syn_flood_threshold"),
          s.getInt("syn_flood_dest_threshold"), s.getInt("syn_flood_dest_min_sources"));
    }
  }

  /** SYNs to one destination; the source estimate is allocated only once the destination gets busy. */
  static final class Target {
    final long[] syns = new long[WindowCounter.WIDTH];
    DistinctCounter sources;
    boolean reported;

    void reset() {
      WindowCounter.reset(syns, 0);
      if (sources != null) {
        sources.reset();
      }
      reported = false;
    }
  }

  private final Config config;
  private final WindowCounter destCounter;
  private final RateRule perSource;
  private final BoundedTable<Target> targets;

  SynFloodDetector(DetectorContext context) {
    this.config = Config.from(context.settings());
    this.destCounter = new WindowCounter(config.windowNanos());
    this.perSource = new RateRule(context, "sources", config.windowNanos(), config.threshold());
    // Idle for twice the window means the flood is over: the next one is reported again.
    this.targets = context.table("targets", 2 * config.windowNanos(), Target::new);
  }

  @Override
  public void inspect(PacketView p, AlertEmitter alerts) {
    if (!p.isSynOnly()) {
      return;
    }
    long now = p.timestampNanos();
    long count = perSource.add(p.srcHi(), p.srcLo(), 0, now, 1);
    if (count > 0) {
      String src = p.srcAddressText();
      alerts
          .alert(Categories.SYN_FLOOD, Severity.CRITICAL)
          .src(src, null)
          .dest(p.dstAddressText(), p.dstPort())
          .proto("TCP")
          .message("SYN flood: " + src + " sent " + Format.count(count) + " SYNs in "
              + Format.seconds(perSource.lastDurationNanos()))
          .attribute("rule", "source")
          .attribute("syn_count", Long.toString(count))
          .attribute("window_seconds", Format.windowSeconds(config.windowNanos()))
          .emit();
    }
    perDestination(p, now, alerts);
  }

  private void perDestination(PacketView p, long now, AlertEmitter alerts) {
    Target t = targets.upsert(p.dstHi(), p.dstLo(), p.dstPort(), now);
    if (targets.wasCreated()) {
      t.reset();
    }
    long syns = destCounter.add(t.syns, 0, now, 1);
    if (t.sources == null && syns >= Math.max(1, config.destThreshold() / 10)) {
      t.sources = new DistinctCounter();
    }
    if (t.sources != null) {
      t.sources.add(p.srcHi(), p.srcLo());
    }
    if (t.reported || syns < config.destThreshold() || t.sources == null) {
      return;
    }
    long sources = t.sources.estimate();
    if (sources < config.destMinSources()) {
      return;
    }
    t.reported = true;
    String dst = p.dstAddressText();
    alerts
        .alert(Categories.SYN_FLOOD, Severity.CRITICAL)
        .dest(dst, p.dstPort())
        .proto("TCP")
        .cooldownKey("dest|" + dst + "|" + p.dstPort())
        .message("SYN flood against " + dst + ":" + p.dstPort() + ": " + Format.count(syns) + " SYNs in "
            + Format.windowSeconds(config.windowNanos()) + " s from about " + Format.count(sources)
            + " sources (spoofed or distributed)")
        .attribute("rule", "destination")
        .attribute("syn_count", Long.toString(syns))
        .attribute("distinct_sources", Long.toString(sources))
        .attribute("window_seconds", Format.windowSeconds(config.windowNanos()))
        .emit();
  }

  @Override
  public void tick(long now, AlertEmitter alerts) {
    perSource.expire(now);
    targets.expire(now);
  }
}
