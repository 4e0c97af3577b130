package io.netsentinel.detectors;

/**
 * A sliding-window sum over packet time, kept in slots of a tenth of the window, stored as {@value #WIDTH} longs at
 * an offset of a {@code long[]} (a table's in-line values, or a state object's own array) so that a counter costs no
 * object of its own. The sum covers the current slot and the eight before it, so an event counts for at least 90% of
 * the window after it happened and never for longer than the window: a near miss stays a miss. All-zero longs are an
 * empty counter.
 */
final class WindowCounter {
  static final int SLOTS = 10;
  private static final int NEWEST = SLOTS;
  private static final int TOTAL = SLOTS + 1;
  private static final int FIRST = SLOTS + 2;
  /** The longs one counter takes. */
  static final int WIDTH = SLOTS + 3;

  private WindowCounter() {}

  static void reset(long[] a, int base) {
    if (a[base + TOTAL] != 0) {
      java.util.Arrays.fill(a, base, base + WIDTH, 0L);
    }
  }

  /** Adds {@code amount} at {@code nowNanos} and returns the sum over the window ending now. */
  static long add(long[] a, int base, long nowNanos, long windowNanos, long amount) {
    long slotNanos = Math.max(1, windowNanos / SLOTS);
    // Slot numbers are stored plus one, so that zero means "never used".
    long slot = Math.floorDiv(nowNanos, slotNanos) + 1;
    long newest = a[base + NEWEST];
    long total = a[base + TOTAL];
    if (newest == 0 || slot - newest >= SLOTS - 1) {
      if (total != 0) {
        java.util.Arrays.fill(a, base, base + SLOTS, 0L);
        total = 0;
      }
      newest = slot;
    } else if (slot > newest) {
      // Keeps slots newest-8 … newest; the index after the newest always holds the too-old slot, emptied.
      for (long s = newest + 1; s <= slot; s++) {
        int i = base + index(s);
        total -= a[i];
        a[i] = 0;
        int j = base + index(s + 1);
        total -= a[j];
        a[j] = 0;
      }
      newest = slot;
    }
    if (total == 0) {
      a[base + FIRST] = nowNanos;
    }
    a[base + index(slot)] += amount;
    total += amount;
    a[base + NEWEST] = newest;
    a[base + TOTAL] = total;
    return total;
  }

  /** When the events now in the window began (the first event since the window was last empty). */
  static long firstNanos(long[] a, int base) {
    return a[base + FIRST];
  }

  private static int index(long slot) {
    return (int) Math.floorMod(slot, (long) SLOTS);
  }
}
