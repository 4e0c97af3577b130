package io.netsentinel.vt;

import io.netsentinel.api.Addresses;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The hand-off from the packet thread to the lookup thread: a fixed ring of primitive slots, so that offering a
 * sighting allocates nothing. When the ring is full the oldest sighting is overwritten and counted as dropped. The
 * packet thread never waits for the lookup thread beyond this ring's short lock.
 */
final class SightingQueue {
  /** The longest domain name in dotted form. */
  static final int MAX_NAME = 253;
  private static final int LONGS = 4;
  private static final int INTS = 3;

  private final int capacity;
  private final boolean withNames;
  private final long[] addresses;
  private final int[] numbers;
  private final byte[] names;
  private final int[] nameLengths;
  private final LongAdder dropped;
  private int head;
  private int size;
  private volatile Thread consumer;

  /**
   * @param withNames true for domain sightings, which carry the name
   */
  SightingQueue(int capacity, boolean withNames, LongAdder dropped) {
    this.capacity = capacity;
    this.withNames = withNames;
    this.addresses = new long[capacity * LONGS];
    this.numbers = new int[capacity * INTS];
    this.names = withNames ? new byte[capacity * MAX_NAME] : new byte[0];
    this.nameLengths = new int[withNames ? capacity : 0];
    this.dropped = dropped;
  }

  /** The thread to wake when something arrives. */
  void consumer(Thread thread) {
    consumer = thread;
  }

  /**
   * Queues a sighting. For a domain, {@code name} holds the name as the packet view gives it and {@code nameLength}
   * the characters to take (without a trailing dot), which are copied lowercased; the name must be plain ASCII.
   *
   * @param hits the packets seen so far for this (indicator, source) pair: 1 for a new pair
   */
  void offer(long srcHi, long srcLo, long dstHi, long dstLo, int dstPort, int protocol, long hits,
      CharSequence name, int nameLength) {
    boolean wasEmpty;
    synchronized (this) {
      wasEmpty = size == 0;
      if (size == capacity) {
        head = (head + 1) % capacity;
        size--;
        dropped.increment();
      }
      int slot = (head + size) % capacity;
      int a = slot * LONGS;
      addresses[a] = srcHi;
      addresses[a + 1] = srcLo;
      addresses[a + 2] = dstHi;
      addresses[a + 3] = dstLo;
      int n = slot * INTS;
      numbers[n] = dstPort;
      numbers[n + 1] = protocol;
      numbers[n + 2] = (int) Math.min(hits, Integer.MAX_VALUE);
      if (name != null) {
        int length = Math.min(nameLength, MAX_NAME);
        int base = slot * MAX_NAME;
        for (int i = 0; i < length; i++) {
          char c = name.charAt(i);
          names[base + i] = (byte) (c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
        }
        nameLengths[slot] = length;
      }
      size++;
    }
    // The lookup thread drains until the ring is empty, so only the first sighting after that needs to wake it.
    Thread t = consumer;
    if (wasEmpty && t != null) {
      LockSupport.unpark(t);
    }
  }

  synchronized int size() {
    return size;
  }

  /** Forgets what is queued (when the detector closes). */
  synchronized void clear() {
    size = 0;
    head = 0;
  }

  /** Hands up to {@code max} sightings, oldest first, to {@code out}; returns how many. Lookup thread only. */
  int drain(int max, Consumer<Sighting> out) {
    Sighting[] batch;
    synchronized (this) {
      int n = Math.min(max, size);
      batch = new Sighting[n];
      for (int i = 0; i < n; i++) {
        batch[i] = toSighting(head);
        head = (head + 1) % capacity;
        size--;
      }
    }
    for (Sighting s : batch) {
      out.accept(s);
    }
    return batch.length;
  }

  private Sighting toSighting(int slot) {
    int a = slot * LONGS;
    int n = slot * INTS;
    String source = Addresses.format(addresses[a], addresses[a + 1]);
    String dest = Addresses.format(addresses[a + 2], addresses[a + 3]);
    String indicator =
        withNames
            ? new String(names, slot * MAX_NAME, nameLengths[slot], java.nio.charset.StandardCharsets.ISO_8859_1)
            : dest;
    int port = numbers[n];
    long hits = numbers[n + 2];
    boolean newPair = hits <= 1;
    long weight = newPair ? 1 : hits / 2;
    return new Sighting(indicator, source, dest, port >= 0 ? port : null, protocolName(numbers[n + 1]), weight,
        newPair);
  }

  static String protocolName(int protocol) {
    switch (protocol) {
      case 6:
        return "TCP";
      case 17:
        return "UDP";
      case 1:
        return "ICMP";
      case 58:
        return "IPv6-ICMP";
      default:
        return protocol < 0 ? null : Integer.toString(protocol);
    }
  }
}
