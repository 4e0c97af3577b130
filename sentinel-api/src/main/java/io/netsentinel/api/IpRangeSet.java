package io.netsentinel.api;

import java.util.List;

/**
 * A set of {@link IpRange}s with masks computed once, for membership tests on the packet path: no allocation, no
 * branches beyond the loop. {@code home_networks} is the usual one.
 */
public final class IpRangeSet {
  /** Per range: the masked address and the mask, high and low words. */
  private final long[] ranges;

  private IpRangeSet(long[] ranges) {
    this.ranges = ranges;
  }

  public static IpRangeSet of(List<IpRange> list) {
    long[] r = new long[list.size() * 4];
    for (int i = 0; i < list.size(); i++) {
      IpRange range = list.get(i);
      int p = range.prefixLength();
      r[i * 4] = range.hi();
      r[i * 4 + 1] = range.lo();
      r[i * 4 + 2] = p >= 64 ? -1L : p == 0 ? 0 : -1L << (64 - p);
      r[i * 4 + 3] = p <= 64 ? 0 : p == 128 ? -1L : -1L << (128 - p);
    }
    return new IpRangeSet(r);
  }

  /** True when the address (in the 128-bit form of {@link PacketView}) is in one of the ranges. */
  public boolean contains(long hi, long lo) {
    for (int i = 0; i < ranges.length; i += 4) {
      if ((hi & ranges[i + 2]) == ranges[i] && (lo & ranges[i + 3]) == ranges[i + 1]) {
        return true;
      }
    }
    return false;
  }
}
