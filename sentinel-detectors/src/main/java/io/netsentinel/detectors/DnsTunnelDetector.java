package io.netsentinel.detectors;

import io.netsentinel.api.AlertEmitter;
import io.netsentinel.api.Categories;
import io.netsentinel.api.Detector;
import io.netsentinel.api.DetectorContext;
import io.netsentinel.api.PacketView;
import io.netsentinel.api.Settings;
import io.netsentinel.api.Severity;

/**
 * A DNS query (QR clear, UDP or TCP port 53) whose first question name is longer than {@code dns_tunnel_query_len}
 * characters in dotted form, each raw byte counted once (tunnels such as iodine put raw 8-bit bytes in names). The
 * source is the querying host; one alert per (source, registered domain) per cooldown.
 */
final class DnsTunnelDetector implements Detector {
  private static final int SHOWN_NAME = 120;

  record Config(int maxLength) {
    static Config from(Settings s) {
      return new Config(s.getInt("dns_tunnel_query_len"));
    }
  }

  private final Config config;

  DnsTunnelDetector(DetectorContext context) {
    config = Config.from(context.settings());
  }

  @Override
  public void inspect(PacketView p, AlertEmitter alerts) {
    if (!p.isDns() || p.isDnsResponse() || p.dstPort() != 53) {
      return;
    }
    int length = p.dnsQueryNameLength();
    if (length <= config.maxLength()) {
      return;
    }
    // A tunnel sends every query long: ask the cooldown before composing an alert it would hold back.
    String domain = RegisteredDomain.of(p.dnsQueryName());
    String src = p.srcAddressText();
    String key = src + "|" + domain;
    if (alerts.heldBack(Categories.DNS_TUNNEL, key)) {
      return;
    }
    String name = p.dnsQueryName().toString();
    String shown = name.length() > SHOWN_NAME ? name.substring(0, SHOWN_NAME) + "…" : name;
    alerts
        .alert(Categories.DNS_TUNNEL, Severity.MEDIUM)
        .from(p)
        .cooldownKey(key)
        .message("Possible DNS tunnel: " + src + " queried a name of " + length + " characters under " + domain)
        .attribute("query", shown)
        .attribute("query_length", Integer.toString(length))
        .attribute("domain", domain)
        .attribute("max_length", Integer.toString(config.maxLength()))
        .emit();
  }
}
