package io.netsentinel.detectors;

import io.netsentinel.api.Addresses;
import io.netsentinel.api.AlertEmitter;
import io.netsentinel.api.BoundedTable;
import io.netsentinel.api.Categories;
import io.netsentinel.api.Detector;
import io.netsentinel.api.DetectorContext;
import io.netsentinel.api.IpRange;
import io.netsentinel.api.PacketView;
import io.netsentinel.api.Settings;
import io.netsentinel.api.SettingsException;
import io.netsentinel.api.Severity;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * ARP claims (the sender IP and MAC of every Ethernet/IPv4 ARP request or reply; sender 0.0.0.0, probes, is
 * ignored), two rules:
 *
 * <ul>
 *   <li>the MAC claimed for an IP changes from the one seen before (a cache-poisoning reply, or a gratuitous ARP
 *       that contradicts the table);
 *   <li>one MAC claims more than {@code arp_max_ips_per_mac} IPs within {@code arp_window}: a host answering for the
 *       gateway and its victims at once, which the first rule misses when the genuine MAC never shows up.
 * </ul>
 *
 * {@code arp_allowlist} names IPs (or CIDR blocks) and MACs that legitimately move or multiply: VRRP/HSRP addresses,
 * bridged virtual machines, proxy-ARP routers.
 */
final class ArpSpoofDetector implements Detector {
  private static final Pattern MAC = Pattern.compile("(?i)[0-9a-f]{2}([:-][0-9a-f]{2}){5}");

  record Config(long windowNanos, int maxIpsPerMac, List<IpRange> allowedIps, long[] allowedMacs) {
    static Config from(Settings s) {
      List<IpRange> ips = new ArrayList<>();
      java.util.Set<Long> macs = new HashSet<>();
      for (String entry : s.getStrings("arp_allowlist")) {
        String e = entry.trim();
        if (MAC.matcher(e).matches()) {
          macs.add(Long.parseLong(e.replaceAll("[:-]", ""), 16));
          continue;
        }
        try {
          ips.add(IpRange.parse(e));
        } catch (IllegalArgumentException ex) {
          throw new SettingsException("arp_allowlist: expected IPs, CIDR blocks or MACs (aa:bb:cc:dd:ee:ff), got \""
              + e + "\"");
        }
      }
      return new Config(s.getDurationNanos("arp_window"), s.getInt("arp_max_ips_per_mac"), List.copyOf(ips),
          macs.stream().mapToLong(Long::longValue).sorted().toArray());
    }

    /** Checked for every ARP packet: a binary search, no boxing. */
    boolean macAllowed(long mac) {
      return allowedMacs.length > 0 && java.util.Arrays.binarySearch(allowedMacs, mac) >= 0;
    }

    boolean allowed(int ip, long mac) {
      if (macAllowed(mac)) {
        return true;
      }
      long lo = Addresses.ipv4MappedLo(ip);
      // Indexed, not an iterator: this runs for every ARP packet and must not allocate.
      for (int i = 0, n = allowedIps.size(); i < n; i++) {
        if (allowedIps.get(i).contains(0, lo)) {
          return true;
        }
      }
      return false;
    }
  }

  /** The MAC last seen claiming an IP. */
  static final class Claim {
    long mac;
  }

  private final Config config;
  private final BoundedTable<Claim> byIp;
  private final BoundedTable<RecentDistinct> byMac;

  ArpSpoofDetector(DetectorContext context) {
    config = Config.from(context.settings());
    // An ARP cache entry lives minutes; an hour without a word about an IP makes its next MAC news, not a change.
    byIp = context.table("ip-to-mac", 3600L * 1_000_000_000L, Claim::new);
    byMac = context.table("mac-to-ips", config.windowNanos(), () -> new RecentDistinct(config.maxIpsPerMac() + 1));
  }

  @Override
  public void inspect(PacketView p, AlertEmitter alerts) {
    if (!p.isArp()) {
      return;
    }
    int ip = p.arpSenderIp();
    long mac = p.arpSenderMac();
    if (ip == 0 || mac == 0 || mac == 0xFFFF_FFFF_FFFFL || config.allowed(ip, mac)) {
      return;
    }
    long now = p.timestampNanos();
    Claim claim = byIp.upsert(0, ip, 0, now);
    if (byIp.wasCreated()) {
      claim.mac = mac;
    } else if (claim.mac != mac) {
      long old = claim.mac;
      claim.mac = mac;
      if (!config.macAllowed(old)) {
        changed(p, ip, old, mac, alerts);
      }
    }
    RecentDistinct claims = byMac.upsert(0, mac, 0, now);
    if (byMac.wasCreated()) {
      claims.clear();
    }
    if (claims.add(ip, now, config.windowNanos()) > config.maxIpsPerMac()) {
      manyIps(p, ip, mac, claims, alerts);
      claims.clear();
    }
  }

  private void changed(PacketView p, int ip, long oldMac, long newMac, AlertEmitter alerts) {
    String ipText = Addresses.formatIpv4(ip);
    String newText = Addresses.formatMac(newMac);
    String oldText = Addresses.formatMac(oldMac);
    alerts
        .alert(Categories.ARP_SPOOF, Severity.CRITICAL)
        .src(ipText, null)
        .srcMac(newText)
        .dest(Addresses.formatIpv4(p.arpTargetIp()), null)
        .proto("ARP")
        .message("ARP spoofing: " + ipText + " moved from " + oldText + " to " + newText)
        .attribute("rule", "mac_changed")
        .attribute("ip", ipText)
        .attribute("old_mac", oldText)
        .attribute("new_mac", newText)
        .attribute("claiming_mac", newText)
        .attribute("arp_op", p.arpOp() == 2 ? "reply" : p.arpOp() == 1 ? "request" : Integer.toString(p.arpOp()))
        .emit();
  }

  private void manyIps(PacketView p, int ip, long mac, RecentDistinct claims, AlertEmitter alerts) {
    String macText = Addresses.formatMac(mac);
    StringJoiner ips = new StringJoiner(",");
    for (int i = 0; i < claims.count; i++) {
      ips.add(Addresses.formatIpv4(claims.values[i]));
    }
    alerts
        .alert(Categories.ARP_SPOOF, Severity.CRITICAL)
        .src(Addresses.formatIpv4(ip), null)
        .srcMac(macText)
        .dest(Addresses.formatIpv4(p.arpTargetIp()), null)
        .proto("ARP")
        .cooldownKey("mac|" + macText)
        .message(String.format(Locale.ROOT, "ARP spoofing: %s claims %d IPs (%s)", macText, claims.count, ips))
        .attribute("rule", "many_ips")
        .attribute("claiming_mac", macText)
        .attribute("ips", ips.toString())
        .attribute("window_seconds", Format.windowSeconds(config.windowNanos()))
        .emit();
  }

  @Override
  public void tick(long now, AlertEmitter alerts) {
    byIp.expire(now);
    byMac.expire(now);
  }
}
