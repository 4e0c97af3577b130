package io.netsentinel.api;

/**
 * One detection rule, created once per worker by its {@link DetectorProvider}. A detector is called from a single
 * thread and must not keep a reference to the {@link PacketView}: the view is refilled for the next packet.
 */
public interface Detector extends AutoCloseable {

  /** Inspects one decoded packet. Must not throw, block or allocate on the common path. */
  void inspect(PacketView packet, AlertEmitter alerts);

  /**
   * Called when packet time advances (at least once per second of packet time, and once at the end of a stream), so
   * that a detector can expire state or emit alerts that do not wait for the next packet.
   */
  default void tick(long packetTimeNanos, AlertEmitter alerts) {}

  /**
   * Called once when a finite stream (an offline read) has ended, after the last tick. A detector with work in flight
   * (lookups on another thread) may wait here, for a bounded time, and emit what it finds, so that an offline
   * analysis is complete. Not called for live capture, which has no end.
   */
  default void finish(AlertEmitter alerts) {}

  /** Releases resources. Must be safe to call more than once. */
  @Override
  default void close() {}
}
