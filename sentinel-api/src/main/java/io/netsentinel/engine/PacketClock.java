package io.netsentinel.engine;

import io.netsentinel.api.PacketView;

/**
 * Packet time as the engine keeps it, in one place for every engine, so that one worker and several decide the same:
 * detectors tick once per second of packet time (after the packet that reaches it), and a new timeline (a large step
 * back in time, such as the next file of a directory) first ticks the detectors at the old time, then starts them
 * afresh. Used by the one thread that reads and decodes.
 */
final class PacketClock {
  static final long TICK_NANOS = 1_000_000_000L;

  /** Before the packet: tick at {@link #previousNanos()}, then start a new timeline. */
  static final int NEW_TIMELINE = 1;
  /** After the packet (or idle time): tick at the packet's time. */
  static final int TICK_AFTER = 2;

  private long nextTick = Long.MIN_VALUE;
  private long now = Long.MIN_VALUE;
  private long previous = Long.MIN_VALUE;

  /** The events around a decoded packet, as a mask of {@link #NEW_TIMELINE} and {@link #TICK_AFTER}. */
  int onPacket(PacketView view) {
    int events = 0;
    previous = now;
    if (view.startsNewTimeline()) {
      events |= NEW_TIMELINE;
      nextTick = Long.MIN_VALUE;
    }
    now = view.timestampNanos();
    if (now >= nextTick) {
      events |= TICK_AFTER;
      nextTick = now + TICK_NANOS;
    }
    return events;
  }

  /**
   * A quiet link until {@code nanos} (already on the decoder's clock): returns -1 when time does not move (before the
   * first packet, or not later than packet time), else the events ({@link #TICK_AFTER} or 0) at the new time.
   */
  int onIdle(long nanos) {
    if (now == Long.MIN_VALUE || nanos <= now) {
      return -1;
    }
    previous = now;
    now = nanos;
    if (now >= nextTick) {
      nextTick = now + TICK_NANOS;
      return TICK_AFTER;
    }
    return 0;
  }

  /** Packet time now; {@code Long.MIN_VALUE} before the first packet. */
  long nowNanos() {
    return now;
  }

  /** Packet time before the last packet, where a new timeline's closing tick happens. */
  long previousNanos() {
    return previous;
  }

  boolean started() {
    return now != Long.MIN_VALUE;
  }
}
