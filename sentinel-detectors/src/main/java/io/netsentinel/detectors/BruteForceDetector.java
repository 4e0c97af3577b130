package io.netsentinel.detectors;

import io.netsentinel.api.AlertEmitter;
import io.netsentinel.api.Categories;
import io.netsentinel.api.Detector;
import io.netsentinel.api.DetectorContext;
import io.netsentinel.api.PacketView;
import io.netsentinel.api.Settings;
import io.netsentinel.api.Severity;

/**
 * At least {@code bruteforce_threshold} connection attempts (SYN-only) from one source to the same login service
 * (destination port in {@code auth_ports}, on any host) within {@code bruteforce_window}. A scan that touches each
 * auth port once does not count: it is a scan, and the port-scan detector reports it.
 */
final class BruteForceDetector implements Detector {
  record Config(long windowNanos, int threshold, PortSet authPorts) {
    static Config from(Settings s) {
      return new Config(s.getDurationNanos("bruteforce_window"), s.getInt("bruteforce_threshold"),
          new PortSet(s.getPorts("auth_ports")));
    }
  }

  private final Config config;
  private final RateRule rule;

  BruteForceDetector(DetectorContext context) {
    config = Config.from(context.settings());
    rule = new RateRule(context, "attempts", config.windowNanos(), config.threshold());
  }

  @Override
  public void inspect(PacketView p, AlertEmitter alerts) {
    if (!p.isSynOnly() || !config.authPorts().contains(p.dstPort())) {
      return;
    }
    long attempts = rule.add(p.srcHi(), p.srcLo(), p.dstPort(), p.timestampNanos(), 1);
    if (attempts < 0) {
      return;
    }
    String src = p.srcAddressText();
    alerts
        .alert(Categories.BRUTE_FORCE, Severity.HIGH)
        .from(p)
        .src(src, null)
        .cooldownKey(src + "|" + p.dstPort())
        .message("Brute force: " + src + " made " + Format.count(attempts) + " connection attempts to port "
            + p.dstPort() + " in " + Format.seconds(rule.lastDurationNanos()))
        .attribute("attempts", Long.toString(attempts))
        .attribute("service_port", Integer.toString(p.dstPort()))
        .attribute("window_seconds", Format.windowSeconds(config.windowNanos()))
        .emit();
  }

  @Override
  public void tick(long now, AlertEmitter alerts) {
    rule.expire(now);
  }
}
