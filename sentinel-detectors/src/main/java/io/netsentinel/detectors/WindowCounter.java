package io.netsentinel.detectors;

/**
 * A sliding-window sum over packet time, kept in {@value #SLOTS} slots of a tenth of the window, stored as {@value
 * #WIDTH} longs at an offset of a {@code long[]} (a table's in-line values, or a state object's own array) so that a
 * counter costs no object of its own and sits in the same cache lines as its key. The sum covers the current slot and
 * the eight before it, so an event counts for at least 90% of the window after it happened and never for longer than
 * the window: a near miss stays a miss. All-zero longs are an empty counter.
 *
 * <p>Layout: the newest slot number (plus one, so that zero means never used), the sum, when the events now in the
 * window began, then the ten per-slot amounts as unsigned 32-bit halves of five longs. An amount saturates at 2^32 - 1
 * per tenth of the window (4 GiB of bytes in one tenth: only a threshold above that could miss it).
 */
final class WindowCounter {
  static final int SLOTS = 10;
  private static final int NEWEST = 0;
  private static final int TOTAL = 1;
  private static final int FIRST = 2;
  private static final int AMOUNTS = 3;
  /** The longs one counter takes. */
  static final int WIDTH = AMOUNTS + SLOTS / 2;
  private static final long MAX_AMOUNT = 0xFFFF_FFFFL;

  private final long slotNanos;

  WindowCounter(long windowNanos) {
    this.slotNanos = Math.max(1, windowNanos / SLOTS);
  }

  static void reset(long[] a, int base) {
    if (a[base + NEWEST] != 0) {
      for (int i = base, end = base + WIDTH; i < end; i++) {
        a[i] = 0L;
      }
    }
  }

  /** Adds {@code amount} at {@code nowNanos} and returns the sum over the window ending now. */
  long add(long[] a, int base, long nowNanos, long amount) {
    long slot = Math.floorDiv(nowNanos, slotNanos) + 1;
    long newest = a[base + NEWEST];
    long total = a[base + TOTAL];
    if (newest == 0 || slot - newest >= SLOTS - 1) {
      if (total != 0) {
        for (int i = base + AMOUNTS, end = base + WIDTH; i < end; i++) {
          a[i] = 0L;
        }
        total = 0;
      }
      newest = slot;
    } else if (slot > newest) {
      // Keeps slots newest-8 … newest; the index after the newest always holds the too-old slot, emptied.
      for (long s = newest + 1; s <= slot; s++) {
        total -= take(a, base, index(s));
        total -= take(a, base, index(s + 1));
      }
      newest = slot;
    }
    if (total == 0) {
      a[base + FIRST] = nowNanos;
    }
    total += put(a, base, index(slot), amount);
    a[base + NEWEST] = newest;
    a[base + TOTAL] = total;
    return total;
  }

  /** When the events now in the window began (the first event since the window was last empty). */
  static long firstNanos(long[] a, int base) {
    return a[base + FIRST];
  }

  /** Empties slot {@code i} and returns what it held. */
  private static long take(long[] a, int base, int i) {
    int at = base + AMOUNTS + (i >>> 1);
    int shift = (i & 1) << 5;
    long held = (a[at] >>> shift) & MAX_AMOUNT;
    a[at] &= ~(MAX_AMOUNT << shift);
    return held;
  }

  /** Adds to slot {@code i}, saturating, and returns what was added. */
  private static long put(long[] a, int base, int i, long amount) {
    int at = base + AMOUNTS + (i >>> 1);
    int shift = (i & 1) << 5;
    long held = (a[at] >>> shift) & MAX_AMOUNT;
    long added = Math.min(amount, MAX_AMOUNT - held);
    a[at] += added << shift;
    return added;
  }

  private static int index(long slot) {
    return (int) Math.floorMod(slot, (long) SLOTS);
  }
}
