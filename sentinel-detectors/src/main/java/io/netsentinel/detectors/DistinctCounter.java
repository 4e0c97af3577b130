package io.netsentinel.detectors;

/**
 * Estimates how many distinct addresses were added, in fixed memory: linear counting over a 4096-bit bitmap. Exact
 * enough (a few percent) up to several thousand addresses, and it saturates at about 34,000, which is plenty to tell
 * "one source" from "spoofed".
 */
final class DistinctCounter {
  private static final int BITS = 4096;
  private final long[] bitmap = new long[BITS / 64];
  private int set;

  void reset() {
    java.util.Arrays.fill(bitmap, 0);
    set = 0;
  }

  void add(long hi, long lo) {
    long h = (hi * 0x9E3779B97F4A7C15L) ^ lo;
    h *= 0xC2B2AE3D27D4EB4FL;
    h ^= h >>> 31;
    int bit = (int) (h & (BITS - 1));
    long mask = 1L << (bit & 63);
    if ((bitmap[bit >>> 6] & mask) == 0) {
      bitmap[bit >>> 6] |= mask;
      set++;
    }
  }

  long estimate() {
    int empty = BITS - set;
    if (empty == 0) {
      return Math.round(BITS * Math.log(BITS));
    }
    return Math.round(-BITS * Math.log((double) empty / BITS));
  }
}
