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
 * TCP or UDP traffic with a known C2 or backdoor port ({@code suspicious_ports}), reported as client → server:port,
 * once per (client, server, port) per cooldown.
 *
 * <ul>
 *   <li>To such a port, unless the packet comes from a well-known port below 1024 that is not itself listed: that is
 *       a server such as a web server answering a client whose ephemeral port happens to be on the list.
 *   <li>From such a port, when the packet is not SYN-only (a server on that port answering; a SYN from that port is
 *       a random source port, as in spoofed floods) and goes to a port of 1024 or above (a client whose ephemeral
 *       port happens to be listed, talking to a well-known service, is not a backdoor).
 * </ul>
 */
final class SuspiciousPortDetector implements Detector {
  private static final int WELL_KNOWN = 1024;

  record Config(PortSet ports, long cooldownNanos) {
    static Config from(Settings s) {
      return new Config(new PortSet(s.getPorts("suspicious_ports")), s.getDurationNanos("alert_cooldown"));
    }
  }

  /** When a (client, server, port) last alerted, and how many packets it has sent since. */
  static final class Seen {
    long lastAlert;
    long packets;
  }

  private final Config config;
  private final BoundedTable<Seen> seen;

  SuspiciousPortDetector(DetectorContext context) {
    config = Config.from(context.settings());
    // The engine's cooldown would hold back repeats too; this table only spares building an alert for every packet
    // of a long session.
    seen = context.table("sessions", Math.max(config.cooldownNanos(), 1_000_000_000L), Seen::new);
  }

  @Override
  public void inspect(PacketView p, AlertEmitter alerts) {
    if (!p.isTcp() && !p.isUdp()) {
      return;
    }
    int sp = p.srcPort();
    int dp = p.dstPort();
    PortSet ports = config.ports();
    if (ports.contains(dp) && (sp >= WELL_KNOWN || ports.contains(sp))) {
      report(p, true, dp, alerts);
    } else if (ports.contains(sp) && !p.isSynOnly() && dp >= WELL_KNOWN) {
      report(p, false, sp, alerts);
    }
  }

  private void report(PacketView p, boolean toServer, int port, AlertEmitter alerts) {
    long clientHi = toServer ? p.srcHi() : p.dstHi();
    long clientLo = toServer ? p.srcLo() : p.dstLo();
    long serverHi = toServer ? p.dstHi() : p.srcHi();
    long serverLo = toServer ? p.dstLo() : p.srcLo();
    long now = p.timestampNanos();
    // One key for the triple: the client as is, the server mixed in (a 128-bit hash, so a collision is negligible).
    Seen s = seen.upsert(clientHi ^ (serverHi * 0x9E3779B97F4A7C15L), clientLo ^ Long.rotateLeft(serverLo, 29)
        ^ serverHi, port, now);
    if (seen.wasCreated()) {
      s.lastAlert = Long.MIN_VALUE;
      s.packets = 0;
    }
    s.packets++;
    if (s.lastAlert != Long.MIN_VALUE && now - s.lastAlert < config.cooldownNanos()) {
      return;
    }
    s.lastAlert = now;
    long packets = s.packets;
    s.packets = 0;
    String client = toServer ? p.srcAddressText() : p.dstAddressText();
    String server = toServer ? p.dstAddressText() : p.srcAddressText();
    Integer clientPort = toServer ? p.srcPort() : p.dstPort();
    alerts
        .alert(Categories.SUSPICIOUS_PORT, Severity.MEDIUM)
        .src(client, clientPort)
        .dest(server, port)
        .proto(p.protocolName())
        .cooldownKey(client + "|" + server + "|" + port)
        .message("Traffic on suspicious port " + port + ": " + client + " <-> " + server + ":" + port
            + (toServer ? "" : " (the server answered)"))
        .attribute("port", Integer.toString(port))
        .attribute("direction", toServer ? "to_port" : "from_port")
        .attribute("packets_since_last_alert", Long.toString(packets))
        .emit();
  }

  @Override
  public void tick(long now, AlertEmitter alerts) {
    seen.expire(now);
  }
}
