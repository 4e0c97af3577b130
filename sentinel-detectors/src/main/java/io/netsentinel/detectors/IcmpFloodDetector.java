package io.netsentinel.detectors;

import io.netsentinel.api.AlertEmitter;
import io.netsentinel.api.Categories;
import io.netsentinel.api.Detector;
import io.netsentinel.api.DetectorContext;
import io.netsentinel.api.PacketView;
import io.netsentinel.api.Settings;
import io.netsentinel.api.Severity;

/** At least {@code icmp_flood_threshold} ICMP or ICMPv6 echo requests from one source within the window. */
final class IcmpFloodDetector implements Detector {
  record Config(long windowNanos, int threshold) {
    static Config from(Settings s) {
      return new Config(s.getDurationNanos("icmp_flood_window"), s.getInt("icmp_flood_threshold"));
    }
  }

  private final Config config;
  private final RateRule rule;

  IcmpFloodDetector(DetectorContext context) {
    config = Config.from(context.settings());
    rule = new RateRule(context, "sources", config.windowNanos(), config.threshold());
  }

  @Override
  public void inspect(PacketView p, AlertEmitter alerts) {
    if (!p.isEchoRequest()) {
      return;
    }
    long count = rule.add(p.srcHi(), p.srcLo(), 0, p.timestampNanos(), 1);
    if (count < 0) {
      return;
    }
    String src = p.srcAddressText();
    alerts
        .alert(Categories.ICMP_FLOOD, Severity.HIGH)
        .from(p)
        .message("ICMP flood: " + src + " sent " + Format.count(count) + " echo requests in "
            + Format.seconds(rule.lastDurationNanos()))
        .attribute("echo_requests", Long.toString(count))
        .attribute("window_seconds", Format.windowSeconds(config.windowNanos()))
        .emit();
  }

  @Override
  public void tick(long now, AlertEmitter alerts) {
    rule.expire(now);
  }
}
