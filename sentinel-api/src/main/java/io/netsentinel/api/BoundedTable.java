package io.netsentinel.api;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Per-key state with a hard size limit, for detectors. Keys are primitives (a 128-bit address in two longs plus an
 * int, such as a port), so a lookup allocates nothing. Each entry may keep a fixed number of {@code long} values in
 * the table itself ({@link #values()} at {@link #valueIndex()}), which saves a state object and its cache misses for
 * counters; it may also have a state object, which the table creates once per slot and then reuses: a detector resets
 * it when {@link #upsert} reports a new entry.
 *
 * <p>The table is bounded three ways: at most {@code maxEntries} entries; when full, an insert evicts the least
 * recently used of a sample of entries (an approximation of LRU that touches one slot per hit instead of maintaining
 * a list) and counts it; {@link #expire(long)} drops entries idle for longer than the idle time, in packet time; and
 * both are counted for the run's statistics. A flood from a million spoofed sources therefore leaves memory flat. The
 * arrays start small and double as entries arrive, up to the limit, so a table costs what it holds.
 *
 * <p>Layout, chosen by measurement (docs/benchmarks.md): a bucket array of ints, then per slot 32 bytes holding the
 * key, the last use and the chain link together, and the values in an array of their own. A hit reads the bucket and
 * one compact slot, and the slots of a table of tens of thousands of keys stay in a core's second-level cache; the
 * values are read only for the entry found. The bucket of a key comes from a hash seeded at random for each table, so
 * addresses chosen offline cannot be made to pile into one chain. Which slot an entry gets, and which entry an
 * eviction picks, depend only on the order of the keys, never on the seed: a replay gives the same alerts on every
 * run. Not thread-safe: a table belongs to one detector, driven by one thread at a time. Obtain one from {@link
 * DetectorContext#table(String, long, Supplier)}.
 */
public final class BoundedTable<S> {
  private static final int NONE = -1;
  private static final int STRIDE = 4;
  private static final int LAST_USE = 2;
  private static final int EXTRA_LINK = 3;
  private static final int EVICTION_SAMPLE = 8;
  private static final int INITIAL_ENTRIES = 64;
  private static final long FREE = Long.MIN_VALUE;

  private final String name;
  private final int maxEntries;
  private final long idleNanos;
  private final Supplier<S> factory;
  private final int valuesPerEntry;
  private final long seed;

  /** Per slot: key high word, key low word, last use (FREE when unused), extra key (high 32) and next in chain. */
  private long[] slots;
  private Object[] states;
  private long[] values;
  private int[] buckets;
  private int bucketMask;
  private int capacity;

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
    if (maxEntries < 1 || maxEntries > 1 << 28) {
      throw new IllegalArgumentException("maxEntries must be 1..2^28, was " + maxEntries);
    }
    if (idleNanos <= 0) {
      throw new IllegalArgumentException("idleNanos must be positive");
    }
    if (valuesPerEntry < 0 || valuesPerEntry > 1024) {
      throw new IllegalArgumentException("valuesPerEntry must be 0..1024, was " + valuesPerEntry);
    }
    this.name = name;
    this.maxEntries = maxEntries;
    this.idleNanos = idleNanos;
    this.factory = factory;
    this.valuesPerEntry = valuesPerEntry;
    this.seed = ThreadLocalRandom.current().nextLong();
    grow(Math.min(maxEntries, INITIAL_ENTRIES));
  }

  /** The state for the key, or null when the table does not hold it. Does not count as a use. */
  @SuppressWarnings("unchecked")
  public S find(long hi, long lo, int extra) {
    int slot = lookup(hi, lo, extra, bucket(hi, lo, extra));
    return slot == NONE || states == null ? null : (S) states[slot];
  }

  /**
   * The in-table values of every entry; those of the entry the last {@link #upsert} returned start at {@link
   * #valueIndex()}. A new entry's values are zero. The array is replaced when the table grows: read it again after
   * each {@link #upsert}.
   */
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
      int last = slot * STRIDE + LAST_USE;
      if (nowNanos > slots[last]) {
        slots[last] = nowNanos;
      }
      current = slot;
      return states == null ? null : (S) states[slot];
    }
    if (size == maxEntries) {
      evictions++;
      remove(leastRecentOfSample());
    } else if (freeHead == NONE && usedSlots == capacity) {
      grow(Math.min(maxEntries, capacity * 2));
      bucket = bucket(hi, lo, extra);
    }
    slot = allocate();
    int base = slot * STRIDE;
    slots[base] = hi;
    slots[base + 1] = lo;
    slots[base + LAST_USE] = nowNanos;
    slots[base + EXTRA_LINK] = ((long) extra << 32) | (buckets[bucket] & 0xFFFF_FFFFL);
    buckets[bucket] = slot;
    size++;
    created = true;
    current = slot;
    for (int i = slot * valuesPerEntry, end = i + valuesPerEntry; i < end; i++) {
      values[i] = 0L;
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
      long last = slots[slot * STRIDE + LAST_USE];
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
    long[] s = slots;
    for (int slot = buckets[bucket]; slot != NONE; ) {
      int base = slot * STRIDE;
      long link = s[base + EXTRA_LINK];
      if (s[base + 1] == lo && s[base] == hi && (int) (link >> 32) == extra) {
        return slot;
      }
      slot = (int) link;
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
      long last = slots[slot * STRIDE + LAST_USE];
      if (last != FREE && last < bestTime) {
        bestTime = last;
        best = slot;
      }
    }
    return best;
  }

  /**
   * The key's bucket. The seed enters before the key's words are combined, and each step multiplies and folds, so
   * keys that share a bucket under one seed are spread under another.
   */
  private int bucket(long hi, long lo, int extra) {
    long h = (lo ^ seed) * 0x9E3779B97F4A7C15L;
    h = (h ^ (h >>> 32) ^ hi) * 0xC2B2AE3D27D4EB4FL;
    h = (h ^ (h >>> 29) ^ extra) * 0x165667B19E3779F9L;
    return (int) (h ^ (h >>> 32)) & bucketMask;
  }

  private int allocate() {
    if (freeHead != NONE) {
      int slot = freeHead;
      freeHead = (int) slots[slot * STRIDE + EXTRA_LINK];
      return slot;
    }
    return usedSlots++;
  }

  private void remove(int slot) {
    int base = slot * STRIDE;
    long link = slots[base + EXTRA_LINK];
    int bucket = bucket(slots[base], slots[base + 1], (int) (link >> 32));
    int next = (int) link;
    if (buckets[bucket] == slot) {
      buckets[bucket] = next;
    } else {
      for (int s = buckets[bucket]; s != NONE; ) {
        int sBase = s * STRIDE;
        int sNext = (int) slots[sBase + EXTRA_LINK];
        if (sNext == slot) {
          slots[sBase + EXTRA_LINK] = (slots[sBase + EXTRA_LINK] & 0xFFFF_FFFF_0000_0000L) | (next & 0xFFFF_FFFFL);
          break;
        }
        s = sNext;
      }
    }
    slots[base + LAST_USE] = FREE;
    slots[base + EXTRA_LINK] = freeHead & 0xFFFF_FFFFL;
    freeHead = slot;
    size--;
  }

  /** Grows the slots to {@code newCapacity}, with twice as many buckets, and chains the entries anew. */
  private void grow(int newCapacity) {
    slots = slots == null ? new long[newCapacity * STRIDE] : Arrays.copyOf(slots, newCapacity * STRIDE);
    values = values == null ? new long[newCapacity * valuesPerEntry]
        : Arrays.copyOf(values, newCapacity * valuesPerEntry);
    if (factory != null) {
      states = states == null ? new Object[newCapacity] : Arrays.copyOf(states, newCapacity);
    }
    for (int slot = capacity; slot < newCapacity; slot++) {
      slots[slot * STRIDE + LAST_USE] = FREE;
    }
    capacity = newCapacity;
    int bucketCount = Integer.highestOneBit(Math.max(2, newCapacity) * 2 - 1);
    buckets = new int[bucketCount];
    bucketMask = bucketCount - 1;
    Arrays.fill(buckets, NONE);
    // Only called while no slot is free, so every slot below usedSlots holds an entry.
    for (int slot = usedSlots - 1; slot >= 0; slot--) {
      int base = slot * STRIDE;
      long link = slots[base + EXTRA_LINK];
      int b = bucket(slots[base], slots[base + 1], (int) (link >> 32));
      slots[base + EXTRA_LINK] = (link & 0xFFFF_FFFF_0000_0000L) | (buckets[b] & 0xFFFF_FFFFL);
      buckets[b] = slot;
    }
  }
}
