package io.netsentinel.detectors;

import io.netsentinel.api.IpRange;
import io.netsentinel.api.IpRangeSet;
import java.util.List;

/** Internal and external addresses, over the 128-bit form of {@link io.netsentinel.api.PacketView}. */
final class Networks {
  private static final long V4_PREFIX = 0x0000_FFFF_0000_0000L;
  private final IpRangeSet home;

  Networks(List<IpRange> homeNetworks) {
    home = IpRangeSet.of(homeNetworks);
  }

  boolean isInternal(long hi, long lo) {
    return home.contains(hi, lo);
  }

  /** Not internal, and a unicast address that can be routed: not multicast, broadcast, link-local or loopback. */
  boolean isExternal(long hi, long lo) {
    return !isInternal(hi, lo) && isRoutableUnicast(hi, lo);
  }

  static boolean isRoutableUnicast(long hi, long lo) {
    if (hi == 0 && (lo >>> 32) == 0xFFFFL) {
      int v4 = (int) lo;
      int first = v4 >>> 24;
      return first != 0 // this network
          && first != 127 // loopback
          && (first & 0xF0) != 0xE0 // multicast 224/4
          && first < 240 // reserved and broadcast
          && (v4 >>> 16) != 0xA9FE; // link-local 169.254/16
    }
    int top = (int) (hi >>> 48);
    if (hi == 0 && (lo == 0 || lo == 1)) {
      return false; // :: and ::1
    }
    return (top & 0xFF00) != 0xFF00 // multicast ff00::/8
        && (top & 0xFFC0) != 0xFE80; // link-local fe80::/10
  }

  static boolean isIpv4(long hi, long lo) {
    return hi == 0 && (lo & 0xFFFF_FFFF_0000_0000L) == V4_PREFIX;
  }
}
