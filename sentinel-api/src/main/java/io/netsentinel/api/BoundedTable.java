package io.netsentinel.api;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Per-key state with a hard size limit, for detectors. Keys are primitives (a 128-bit address in two longs plus an
 * int, such as a port), so a lookup allocates nothing. An entry keeps its key, its last use and a fixed number of
 * {@code long} values side by side in one array ({@link #values()} at {@link #valueIndex()}), so that one key's state
 * is one or two cache lines; it may also have a state object, which the table creates once per slot and then reuses:
 * a detector resets it when {@link #upsert} reports a new entry.
 *
 * <p>The table is bounded three ways: at most {@code maxEntries} entries; when full, an insert evicts the least
 * recently used of a sample of entries (an approximation of LRU that touches one slot per hit instead of maintaining
 * a list) and counts it; {@link #expire(long)} drops entries idle for longer than the idle time, in packet time; and
 * both are counted for the run's statistics. A flood from a million spoofed sources therefore leaves memory flat. The
 * arrays start small and double as entries arrive, up to the limit, so a table costs what it holds.
 *
 * <p>Lookups go through an open-addressing index of slot numbers (linear probing, at most half full, deletion by
 * backward shift, so no tombstones); the entry keeps its key's hash, so a probe compares the key and the hash in the
 * entry's first cache line. The hash is seeded at random for each table, so addresses chosen offline cannot be made
 * to collide. Which slot an entry gets, and which entry an eviction picks, depend only on the order of the keys, never
 * on the seed: a replay gives the same alerts on every run. Not thread-safe: a table belongs to one detector on one
 * worker. Obtain one from {@link DetectorContext#table(String, long, Supplier)}.
 */
public final class BoundedTable<S> {
  private static final int NONE = -1;
  /**
   * Per entry: key high word, key low word, extra key (high 32 bits) and, in the low 32 bits, the key's hash while in
   * use or the free-list link while free, then the last use (FREE: unused).
   */
  private static final int HEADER = 4;
  private static final int EXTRA_LINK = 2;
  private static final int LAST_USE = 3;
  private static final int EVICTION_SAMPLE = 8;
  private static final int INITIAL_ENTRIES = 64;
  private static final long FREE = Long.MIN_VALUE;

  private final String name;
  private final int maxEntries;
  private final long idleNanos;
  private final Supplier<S> factory;
  private final int valuesPerEntry;
  private final int stride;
  private final long seed;

  /** Slots of {@link #stride} longs: the header, then the entry's values. */
  private long[] entries;
  private Object[] states;
  private int capacity;
  /** Open-addressing index: 0 for an empty cell, else slot + 1. Ints, so that the index of a 65,536-entry table fits
   * in 512 KiB, a core's second-level cache. */
  private int[] index;
  private int indexMask;

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
    if (maxEntries > 1 << 28) {
      throw new IllegalArgumentException("maxEntries must be at most 2^28, was " + maxEntries);
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
    this.stride = HEADER + valuesPerEntry;
    this.seed = ThreadLocalRandom.current().nextLong();
    resize(Math.min(maxEntries, INITIAL_ENTRIES));
  }

  /** The state for the key, or null when the table does not hold it. Does not count as a use. */
  @SuppressWarnings("unchecked")
  public S find(long hi, long lo, int extra) {
    int slot = lookup(hi, lo, extra, hash(hi, lo, extra));
    return slot == NONE || states == null ? null : (S) states[slot];
  }

  /**
   * The in-table values of every entry; those of the entry the last {@link #upsert} returned start at {@link
   * #valueIndex()}. A new entry's values are zero. The array may be replaced when the table grows: read it again after
   * each {@link #upsert}.
   */
  public long[] values() {
    return entries;
  }

  public int valueIndex() {
    return current * stride + HEADER;
  }

  /**
   * The state for the key, inserting it when absent (then {@link #wasCreated()} is true and the caller must reset the
   * state, which may hold a previous key's values). Marks the entry as used at {@code nowNanos}.
   */
  @SuppressWarnings("unchecked")
  public S upsert(long hi, long lo, int extra, long nowNanos) {
    int h = hash(hi, lo, extra);
    int slot = lookup(hi, lo, extra, h);
    if (slot != NONE) {
      created = false;
      int last = slot * stride + LAST_USE;
      if (nowNanos > entries[last]) {
        entries[last] = nowNanos;
      }
      current = slot;
      return states == null ? null : (S) states[slot];
    }
    if (size == maxEntries) {
      evictions++;
      remove(leastRecentOfSample());
    } else if (freeHead == NONE && usedSlots == capacity) {
      resize(Math.min(maxEntries, capacity * 2));
    }
    slot = allocate();
    int base = slot * stride;
    entries[base] = hi;
    entries[base + 1] = lo;
    entries[base + EXTRA_LINK] = ((long) extra << 32) | (h & 0xFFFF_FFFFL);
    entries[base + LAST_USE] = nowNanos;
    for (int i = base + HEADER, end = base + stride; i < end; i++) {
      entries[i] = 0L;
    }
    insertIndex(h, slot);
    size++;
    created = true;
    current = slot;
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
    int slot = lookup(hi, lo, extra, hash(hi, lo, extra));
    if (slot != NONE) {
      remove(slot);
    }
  }

  /** Drops every entry idle for longer than the table's idle time (a pass over the table: call it from ticks). */
  public void expire(long nowNanos) {
    for (int slot = 0; slot < usedSlots; slot++) {
      long last = entries[slot * stride + LAST_USE];
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

  private int lookup(long hi, long lo, int extra, int h) {
    int[] idx = index;
    long[] e = entries;
    int mask = indexMask;
    long extraAndHash = ((long) extra << 32) | (h & 0xFFFF_FFFFL);
    for (int i = h & mask; ; i = (i + 1) & mask) {
      int cell = idx[i];
      if (cell == 0) {
        return NONE;
      }
      int base = (cell - 1) * stride;
      if (e[base + 1] == lo && e[base + EXTRA_LINK] == extraAndHash && e[base] == hi) {
        return cell - 1;
      }
    }
  }

  private void insertIndex(int h, int slot) {
    int mask = indexMask;
    int i = h & mask;
    while (index[i] != 0) {
      i = (i + 1) & mask;
    }
    index[i] = slot + 1;
  }

  /** The table is full, so every slot is in use: pick the oldest of a few consecutive slots. */
  private int leastRecentOfSample() {
    int best = NONE;
    long bestTime = Long.MAX_VALUE;
    for (int i = 0; i < EVICTION_SAMPLE; i++) {
      int slot = sampleCursor;
      sampleCursor = sampleCursor + 1 == maxEntries ? 0 : sampleCursor + 1;
      long last = entries[slot * stride + LAST_USE];
      if (last != FREE && last < bestTime) {
        bestTime = last;
        best = slot;
      }
    }
    return best;
  }

  /**
   * The key's 32-bit hash. The seed enters before the key words are combined, and every step multiplies and folds, so
   * that keys colliding for one seed do not collide for another.
   */
  private int hash(long hi, long lo, int extra) {
    long h = (lo ^ seed) * 0x9E3779B97F4A7C15L;
    h = (h ^ (h >>> 32) ^ hi) * 0xC2B2AE3D27D4EB4FL;
    h = (h ^ (h >>> 29) ^ extra) * 0x165667B19E3779F9L;
    return (int) (h ^ (h >>> 32));
  }

  private int allocate() {
    if (freeHead != NONE) {
      int slot = freeHead;
      freeHead = (int) entries[slot * stride + EXTRA_LINK];
      return slot;
    }
    return usedSlots++;
  }

  private void remove(int slot) {
    int base = slot * stride;
    removeIndex((int) entries[base + EXTRA_LINK], slot);
    entries[base + LAST_USE] = FREE;
    entries[base + EXTRA_LINK] = freeHead;
    freeHead = slot;
    size--;
  }

  /** Empties the slot's index cell and shifts back the cells after it that would no longer be found. */
  private void removeIndex(int h, int slot) {
    int mask = indexMask;
    int hole = h & mask;
    while (index[hole] != slot + 1) {
      hole = (hole + 1) & mask;
    }
    for (int j = (hole + 1) & mask; index[j] != 0; j = (j + 1) & mask) {
      int home = (int) entries[(index[j] - 1) * stride + EXTRA_LINK] & mask;
      // The cell at j may move into the hole unless its home lies cyclically in (hole, j].
      boolean stays = hole <= j ? hole < home && home <= j : hole < home || home <= j;
      if (!stays) {
        index[hole] = index[j];
        hole = j;
      }
    }
    index[hole] = 0;
  }

  /** Grows the slots to {@code newCapacity} and rebuilds the index for it. */
  private void resize(int newCapacity) {
    entries = entries == null ? new long[newCapacity * stride] : Arrays.copyOf(entries, newCapacity * stride);
    if (factory != null) {
      states = states == null ? new Object[newCapacity] : Arrays.copyOf(states, newCapacity);
    }
    for (int slot = capacity; slot < newCapacity; slot++) {
      entries[slot * stride + LAST_USE] = FREE;
    }
    capacity = newCapacity;
    int cells = Integer.highestOneBit(Math.max(2, newCapacity) * 2 - 1) * 2;
    int[] old = index;
    index = new int[cells];
    indexMask = cells - 1;
    if (old != null) {
      for (int cell : old) {
        if (cell != 0) {
          insertIndex((int) entries[(cell - 1) * stride + EXTRA_LINK], cell - 1);
        }
      }
    }
  }
}
