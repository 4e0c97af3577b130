package io.netsentinel.vt;

import io.netsentinel.api.Addresses;
import io.netsentinel.api.IpRange;
import io.netsentinel.api.IpRangeSet;
import java.util.List;

/**
 * Which destination addresses are worth a lookup, over the 128-bit form of {@link io.netsentinel.api.PacketView}
 * (IPv4 as {@code ::ffff:a.b.c.d}). Checked per packet, so it allocates nothing.
 */
final class AddressPolicy {
  /** In {@code home_networks}: not an indicator at all. */
  static final int INTERNAL = 0;
  /** External but never looked up: private, loopback, link-local, multicast, broadcast, reserved, documentation. */
  static final int SKIP = 1;
  static final int LOOKUP = 2;

  private final IpRangeSet home;
  private final boolean documentation;

  AddressPolicy(List<IpRange> homeNetworks, boolean lookupDocumentationRanges) {
    home = IpRangeSet.of(homeNetworks);
    documentation = lookupDocumentationRanges;
  }

  boolean isInternal(long hi, long lo) {
    return home.contains(hi, lo);
  }

  int classify(long hi, long lo) {
    if (isInternal(hi, lo)) {
      return INTERNAL;
    }
    if (isDocumentation(hi, lo)) {
      return documentation ? LOOKUP : SKIP;
    }
    return isGlobal(hi, lo) ? LOOKUP : SKIP;
  }

  /** 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24 (RFC 5737) and 2001:db8::/32 (RFC 3849). */
  static boolean isDocumentation(long hi, long lo) {
    if (Addresses.isIpv4Mapped(hi, lo)) {
      int net24 = (int) lo >>> 8;
      return net24 == 0xC00002 || net24 == 0xC63364 || net24 == 0xCB0071;
    }
    return (hi >>> 32) == 0x20010DB8L;
  }

  /**
   * A public unicast address: for IPv4 not in 0/8, 10/8, 100.64/10, 127/8, 169.254/16, 172.16/12, 192.0.0/24,
   * 192.168/16, 198.18/15 or 224/3 (multicast, reserved, broadcast); for IPv6 inside 2000::/3, the global unicast
   * block (so ::, ::1, fc00::/7, fe80::/10 and ff00::/8 are out).
   */
  static boolean isGlobal(long hi, long lo) {
    if (Addresses.isIpv4Mapped(hi, lo)) {
      int v4 = (int) lo;
      int a = v4 >>> 24;
      int b = (v4 >>> 16) & 0xFF;
      if (a == 0 || a == 10 || a == 127 || a >= 224) {
        return false;
      }
      if (a == 100 && (b & 0xC0) == 64) {
        return false;
      }
      if (a == 169 && b == 254) {
        return false;
      }
      if (a == 172 && (b & 0xF0) == 16) {
        return false;
      }
      if (a == 192 && (b == 168 || (b == 0 && ((v4 >>> 8) & 0xFF) == 0))) {
        return false;
      }
      return !(a == 198 && (b & 0xFE) == 18);
    }
    return (hi >>> 61) == 1;
  }
}
