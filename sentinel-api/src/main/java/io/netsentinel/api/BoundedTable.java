package io.netsentinel.api;

import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Per-key state with a hard size limit, for detectors. Keys are primitives (a 128-bit address in two longs plus an
 * int, such as a port), so a lookup allocates nothing. Each entry holds a state object that the table creates once
 * per slot and then reuses: a detector resets it when {@link #upsert} reports a new entry.
 *
 * <p>The table is bounded three ways: at most {@code maxEntries} entries; when full, an insert evicts the least
 * recently used of a sample of entries (an approximation of LRU that touches one slot per hit instead of maintaining
 * a list) and counts it; {@link #expire(long)} drops entries idle for longer than the idle time, in packet time; and
 * both are counted for the run's statistics. A flood from a million spoofed sources therefore leaves memory flat.
 *
 * <p>Each slot's key, last use and chain link sit together in one array, so a lookup usually costs one cache line for
 * the bucket and one for the slot. An entry can also keep a fixed number of {@code long} values inside the table
 * ({@link #values()} at {@link #valueIndex()}), which saves the state object and its cache misses for counters. Not thread-safe: a table belongs to one detector on one worker. Obtain one from
 * {@link DetectorContext#table(String, long, Supplier)}.
 */
public final class BoundedTable<S> {
  private static final int NONE = -1;
  private static final int STRIDE = 4;
  private static final int EVICTION_SAMPLE = 8;
  private static final long FREE = Long.MIN_VALUE;

  private final String name;
  private final int maxEntries;
  private final long idleNanos;
  private final Supplier<S> factory;

  /** Per slot: key high word, key low word, last use (FREE when unused), extra key (high 32) and next in chain. */
  private final long[] slots;
  private final Object[] states;
  private final long[] values;
  private final int valuesPerEntry;
  private final int[] buckets;
  private final int bucketMask;

  private int size;
  private int freeHead = NONE;
  private int usedSlots;
  private int sampleCursor;
  private long evictions;
  private long expirations;
  private boolean created;
  private int current = NONE;

  /**
   * @param maxEntries the most entries the table holds (at least 1)
   * @param idleNanos packet time after which an untouched entry is dropped
   * @param factory makes a state object for a slot, once
   */
  public BoundedTable(String name, int maxEntries, long idleNanos, Supplier<S> factory) {
    this(name, maxEntries, idleNanos, factory, 0);
  }

  /**
   * A table whose entries also keep {@code valuesPerEntry} longs in the table itself; {@code factory} may be null
   * when the values are all the state there is.
   */
  public BoundedTable(String name, int maxEntries, long idleNanos, Supplier<S> factory, int valuesPerEntry) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be at least 1");
    }
    if (idleNanos <= 0) {
      throw new IllegalArgumentException("idleNanos must be positive");
    }
    this.name = name;
    this.maxEntries = maxEntries;
    this.idleNanos = idleNanos;
    this.factory = factory;
    if (valuesPerEntry < 0) {
      throw new IllegalArgumentException("valuesPerEntry must not be negative");
    }
    slots = new long[maxEntries * STRIDE];
    states = factory == null ? null : new Object[maxEntries];
    this.valuesPerEntry = valuesPerEntry;
    values = new long[maxEntries * valuesPerEntry];
    int bucketCount = Integer.highestOneBit(Math.max(2, maxEntries) * 2 - 1);
    buckets = new int[bucketCount];
    bucketMask = bucketCount - 1;
    Arrays.fill(buckets, NONE);
  }

  /** The state for the key, or null when the table does not hold it. Does not count as a use. */
  @SuppressWarnings("unchecked")
  public S find(long hi, long lo, int extra) {
    int slot = lookup(hi, lo, extra, bucket(hi, lo, extra));
    return slot == NONE || states == null ? null : (S) states[slot];
  }

  /** The in-table values of every entry; those of the entry the last {@link #upsert} returned start at {@link #valueIndex()}. A new entry's values are zero. */
  public long[] values() {
    return values;
  }

  public int valueIndex() {
    return current * valuesPerEntry;
  }

  /**
   * The state for the key, inserting it when absent (then {@link #wasCreated()} is true and the caller must reset the
   * state, which may hold a previous key's values). Marks the entry as used at {@code nowNanos}.
   */
  @SuppressWarnings("unchecked")
  public S upsert(long hi, long lo, int extra, long nowNanos) {
    int bucket = bucket(hi, lo, extra);
    int slot = lookup(hi, lo, extra, bucket);
    if (slot != NONE) {
      created = false;
      int base = slot * STRIDE;
      if (nowNanos > slots[base + 2]) {
        slots[base + 2] = nowNanos;
      }
      current = slot;
      return states == null ? null : (S) states[slot];
    }
    if (size == maxEntries) {
      evictions++;
      remove(leastRecentOfSample());
    }
    slot = allocate();
    int base = slot * STRIDE;
    slots[base] = hi;
    slots[base + 1] = lo;
    slots[base + 2] = nowNanos;
    slots[base + 3] = ((long) extra << 32) | (buckets[bucket] & 0xFFFF_FFFFL);
    buckets[bucket] = slot;
    size++;
    created = true;
    current = slot;
    if (valuesPerEntry > 0) {
      Arrays.fill(values, slot * valuesPerEntry, (slot + 1) * valuesPerEntry, 0L);
    }
    if (states == null) {
      return null;
    }
    if (states[slot] == null) {
      states[slot] = factory.get();
    }
    return (S) states[slot];
  }

  /** True when the last {@link #upsert} inserted a new entry. */
  public boolean wasCreated() {
    return created;
  }

  /** Removes the key, if present. */
  public void remove(long hi, long lo, int extra) {
    int slot = lookup(hi, lo, extra, bucket(hi, lo, extra));
    if (slot != NONE) {
      remove(slot);
    }
  }

  /** Drops every entry idle for longer than the table's idle time (a pass over the table: call it from ticks). */
  public void expire(long nowNanos) {
    for (int slot = 0; slot < usedSlots; slot++) {
      long last = slots[slot * STRIDE + 2];
      if (last != FREE && nowNanos - last > idleNanos) {
        expirations++;
        remove(slot);
      }
    }
  }

  public String name() {
    return name;
  }

  public int size() {
    return size;
  }

  public int maxEntries() {
    return maxEntries;
  }

  /** Entries dropped because the table was full. */
  public long evictions() {
    return evictions;
  }

  /** Entries dropped because they were idle. */
  public long expirations() {
    return expirations;
  }

  private int lookup(long hi, long lo, int extra, int bucket) {
    for (int s = buckets[bucket]; s != NONE; ) {
      int base = s * STRIDE;
      long link = slots[base + 3];
      if (slots[base + 1] == lo && slots[base] == hi && (int) (link >> 32) == extra) {
        return s;
      }
      s = (int) link;
    }
    return NONE;
  }

  /** The table is full, so every slot is in use: pick the oldest of a few consecutive slots. */
  private int leastRecentOfSample() {
    int best = NONE;
    long bestTime = Long.MAX_VALUE;
    for (int i = 0; i < EVICTION_SAMPLE; i++) {
      int slot = sampleCursor;
      sampleCursor = sampleCursor + 1 == maxEntries ? 0 : sampleCursor + 1;
      long last = slots[slot * STRIDE + 2];
      if (last != FREE && last < bestTime) {
        bestTime = last;
        best = slot;
      }
    }
    return best;
  }

  private static int hash(long hi, long lo, int extra) {
    long h = hi * 0x9E3779B97F4A7C15L ^ lo;
    h = (h ^ extra) * 0xC2B2AE3D27D4EB4FL;
    h ^= h >>> 29;
    h *= 0x165667B19E3779F9L;
    h ^= h >>> 32;
    return (int) h;
  }

  private int bucket(long hi, long lo, int extra) {
    return hash(hi, lo, extra) & bucketMask;
  }

  private int allocate() {
    if (freeHead != NONE) {
      int slot = freeHead;
      freeHead = (int) slots[slot * STRIDE + 3];
      return slot;
    }
    return usedSlots++;
  }

  private void remove(int slot) {
    int base = slot * STRIDE;
    long link = slots[base + 3];
    int bucket = bucket(slots[base], slots[base + 1], (int) (link >> 32));
    int next = (int) link;
    if (buckets[bucket] == slot) {
      buckets[bucket] = next;
    } else {
      for (int s = buckets[bucket]; s != NONE; ) {
        int sBase = s * STRIDE;
        int sNext = (int) slots[sBase + 3];
        if (sNext == slot) {
          slots[sBase + 3] = (slots[sBase + 3] & 0xFFFF_FFFF_0000_0000L) | (next & 0xFFFF_FFFFL);
          break;
        }
        s = sNext;
      }
    }
    slots[base + 2] = FREE;
    slots[base + 3] = freeHead & 0xFFFF_FFFFL;
    freeHead = slot;
    size--;
  }
}
