package io.netsentinel.api;

import java.util.function.Supplier;

/**
 * Per-key state with a hard size limit, for detectors. Keys are primitives (a 128-bit address in two longs plus an
 * int, such as a port), so a lookup allocates nothing. Each entry holds a state object that the table creates once
 * per slot and then reuses: a detector resets it when {@link #upsert} reports a new entry.
 *
 * <p>The table is bounded three ways: at most {@code maxEntries} entries (when full, the least recently used entry is
 * evicted and counted), idle expiry in packet time ({@link #expire(long)}, also applied to the oldest entries on every
 * insert), and counters of both, which the engine reports. A flood from a million spoofed sources therefore leaves
 * memory flat.
 *
 * <p>Not thread-safe: a table belongs to one detector on one worker. Obtain one from {@link
 * DetectorContext#table(String, long, Supplier)}.
 */
public final class BoundedTable<S> {
  private static final int NONE = -1;

  private final String name;
  private final int maxEntries;
  private final long idleNanos;
  private final Supplier<S> factory;

  private final long[] keyHi;
  private final long[] keyLo;
  private final int[] keyExtra;
  private final long[] lastSeen;
  private final int[] chainNext;
  private final int[] newer;
  private final int[] older;
  private final Object[] states;
  private final int[] buckets;
  private final int bucketMask;

  private int size;
  private int freeHead;
  private int usedSlots;
  private int newest = NONE;
  private int oldest = NONE;
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
    keyHi = new long[maxEntries];
    keyLo = new long[maxEntries];
    keyExtra = new int[maxEntries];
    lastSeen = new long[maxEntries];
    chainNext = new int[maxEntries];
    newer = new int[maxEntries];
    older = new int[maxEntries];
    states = new Object[maxEntries];
    int bucketCount = Integer.highestOneBit(Math.max(2, maxEntries) * 2 - 1);
    buckets = new int[bucketCount];
    bucketMask = bucketCount - 1;
    java.util.Arrays.fill(buckets, NONE);
    freeHead = NONE;
  }

  /** The state for the key, or null when the table does not hold it. Does not count as a use. */
  @SuppressWarnings("unchecked")
  public S find(long hi, long lo, int extra) {
    int slot = lookup(hi, lo, extra);
    return slot == NONE ? null : (S) states[slot];
  }

  /**
   * The state for the key, inserting it when absent (then {@link #wasCreated()} is true and the caller must reset the
   * state, which may hold a previous key's values). Marks the entry as used at {@code nowNanos}.
   */
  @SuppressWarnings("unchecked")
  public S upsert(long hi, long lo, int extra, long nowNanos) {
    int slot = lookup(hi, lo, extra);
    if (slot != NONE) {
      created = false;
      lastSeen[slot] = Math.max(lastSeen[slot], nowNanos);
      touch(slot);
      current = slot;
      return (S) states[slot];
    }
    expireOldest(nowNanos, 2);
    if (size == maxEntries) {
      evictions++;
      remove(oldest);
    }
    slot = allocate();
    keyHi[slot] = hi;
    keyLo[slot] = lo;
    keyExtra[slot] = extra;
    lastSeen[slot] = nowNanos;
    int bucket = bucket(hi, lo, extra);
    chainNext[slot] = buckets[bucket];
    buckets[bucket] = slot;
    linkNewest(slot);
    size++;
    if (states[slot] == null) {
      states[slot] = factory.get();
    }
    created = true;
    current = slot;
    return (S) states[slot];
  }

  /** True when the last {@link #upsert} inserted a new entry. */
  public boolean wasCreated() {
    return created;
  }

  /** The high key word of the entry the last {@link #upsert} returned. */
  public long currentHi() {
    return keyHi[current];
  }

  public long currentLo() {
    return keyLo[current];
  }

  public int currentExtra() {
    return keyExtra[current];
  }

  /** Removes the key, if present. */
  public void remove(long hi, long lo, int extra) {
    int slot = lookup(hi, lo, extra);
    if (slot != NONE) {
      remove(slot);
    }
  }

  /** Drops every entry idle for longer than the table's idle time. */
  public void expire(long nowNanos) {
    expireOldest(nowNanos, Integer.MAX_VALUE);
  }

  private void expireOldest(long nowNanos, int limit) {
    for (int i = 0; i < limit && oldest != NONE && nowNanos - lastSeen[oldest] > idleNanos; i++) {
      expirations++;
      remove(oldest);
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

  private int lookup(long hi, long lo, int extra) {
    for (int s = buckets[bucket(hi, lo, extra)]; s != NONE; s = chainNext[s]) {
      if (keyLo[s] == lo && keyHi[s] == hi && keyExtra[s] == extra) {
        return s;
      }
    }
    return NONE;
  }

  private int bucket(long hi, long lo, int extra) {
    long h = hi * 0x9E3779B97F4A7C15L ^ lo;
    h = (h ^ extra) * 0xC2B2AE3D27D4EB4FL;
    h ^= h >>> 29;
    h *= 0x165667B19E3779F9L;
    h ^= h >>> 32;
    return (int) h & bucketMask;
  }

  private int allocate() {
    if (freeHead != NONE) {
      int slot = freeHead;
      freeHead = chainNext[slot];
      return slot;
    }
    return usedSlots++;
  }

  private void remove(int slot) {
    int bucket = bucket(keyHi[slot], keyLo[slot], keyExtra[slot]);
    int previous = NONE;
    for (int s = buckets[bucket]; s != NONE; s = chainNext[s]) {
      if (s == slot) {
        if (previous == NONE) {
          buckets[bucket] = chainNext[s];
        } else {
          chainNext[previous] = chainNext[s];
        }
        break;
      }
      previous = s;
    }
    unlink(slot);
    chainNext[slot] = freeHead;
    freeHead = slot;
    size--;
  }

  private void touch(int slot) {
    if (slot != newest) {
      unlink(slot);
      linkNewest(slot);
    }
  }

  private void linkNewest(int slot) {
    newer[slot] = NONE;
    older[slot] = newest;
    if (newest != NONE) {
      newer[newest] = slot;
    }
    newest = slot;
    if (oldest == NONE) {
      oldest = slot;
    }
  }

  private void unlink(int slot) {
    int n = newer[slot];
    int o = older[slot];
    if (n != NONE) {
      older[n] = o;
    } else {
      newest = o;
    }
    if (o != NONE) {
      newer[o] = n;
    } else {
      oldest = n;
    }
  }
}
