package io.netsentinel.detectors;

import java.util.Arrays;

/**
 * A sliding-window sum over packet time, kept in slots of a tenth of the window. The sum covers the current slot and
 * the eight before it, so an event counts for at least 90% of the window after it happened and never for longer than
 * the window: a near miss stays a miss. Fixed size (about 140 bytes), no allocation.
 */
final class WindowCounter {
  static final int SLOTS = 10;

  private final long[] slots = new long[SLOTS];
  private long newestSlot = Long.MIN_VALUE;
  private long total;
  private long firstNanos;

  void reset() {
    Arrays.fill(slots, 0);
    newestSlot = Long.MIN_VALUE;
    total = 0;
  }

  /** Adds {@code amount} at {@code nowNanos} and returns the sum over the window ending now. */
  long add(long nowNanos, long windowNanos, long amount) {
    long slotNanos = Math.max(1, windowNanos / SLOTS);
    long slot = Math.floorDiv(nowNanos, slotNanos);
    if (newestSlot == Long.MIN_VALUE || slot - newestSlot >= SLOTS - 1) {
      Arrays.fill(slots, 0);
      total = 0;
      newestSlot = slot;
    } else {
      // Keeps slots newestSlot-8 … newestSlot; the index after the newest always holds the too-old slot, emptied.
      for (long s = newestSlot + 1; s <= slot; s++) {
        clear(s);
        clear(s + 1);
      }
      newestSlot = Math.max(newestSlot, slot);
    }
    if (total == 0) {
      firstNanos = nowNanos;
    }
    slots[index(slot)] += amount;
    total += amount;
    return total;
  }

  private void clear(long slot) {
    int i = index(slot);
    total -= slots[i];
    slots[i] = 0;
  }

  private static int index(long slot) {
    return (int) Math.floorMod(slot, (long) SLOTS);
  }

  /** When the events now in the window began (approximately: the first event since the window was last empty). */
  long firstNanos() {
    return firstNanos;
  }
}
