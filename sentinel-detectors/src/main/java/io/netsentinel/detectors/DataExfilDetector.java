package io.netsentinel.detectors;

import io.netsentinel.api.AlertEmitter;
import io.netsentinel.api.Categories;
import io.netsentinel.api.Detector;
import io.netsentinel.api.DetectorContext;
import io.netsentinel.api.PacketView;
import io.netsentinel.api.Settings;
import io.netsentinel.api.Severity;

/**
 * At least {@code exfil_bytes_threshold} bytes (length on the wire, so a truncated capture counts right) sent by one
 * internal host ({@code home_networks}) to external addresses within {@code exfil_window}. Internal-to-internal
 * traffic, multicast, broadcast and link-local never count.
 */
final class DataExfilDetector implements Detector {
  record Config(long windowNanos, long thresholdBytes, Networks networks) {
    static Config from(Settings s) {
      return new Config(s.getDurationNanos("exfil_window"), s.getLong("exfil_bytes_threshold"),
          new Networks(s.getNetworks("home_networks")));
    }
  }

  private final Config config;
  private final RateRule rule;

  DataExfilDetector(DetectorContext context) {
    config = Config.from(context.settings());
    rule = new RateRule(context, "senders", config.windowNanos(), config.thresholdBytes());
  }

  @Override
  public void inspect(PacketView p, AlertEmitter alerts) {
    if (p.ipVersion() == 0) {
      return;
    }
    Networks n = config.networks();
    if (!n.isInternal(p.srcHi(), p.srcLo()) || !n.isExternal(p.dstHi(), p.dstLo())) {
      return;
    }
    long bytes = rule.add(p.srcHi(), p.srcLo(), 0, p.timestampNanos(), p.wireLength());
    if (bytes < 0) {
      return;
    }
    String src = p.srcAddressText();
    alerts
        .alert(Categories.DATA_EXFIL, Severity.HIGH)
        .from(p)
        .src(src, null)
        .message("Data exfiltration: " + src + " sent " + Format.count(bytes) + " bytes to external hosts in "
            + Format.seconds(rule.lastDurationNanos()) + " (last to " + p.dstAddressText() + ")")
        .attribute("bytes", Long.toString(bytes))
        .attribute("window_seconds", Format.windowSeconds(config.windowNanos()))
        .emit();
  }

  @Override
  public void tick(long now, AlertEmitter alerts) {
    rule.expire(now);
  }
}
