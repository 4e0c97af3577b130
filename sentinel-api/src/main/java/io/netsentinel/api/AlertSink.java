package io.netsentinel.api;

/**
 * Receives alerts that passed the cooldown. Called from the engine's sink thread, never from the packet thread, so a
 * sink may do I/O.
 */
public interface AlertSink extends AutoCloseable {

  void accept(Alert alert);

  /** Pushes out anything buffered. Called whenever the alert queue runs dry, and at the end of a stream. */
  default void flush() {}

  @Override
  default void close() {}
}
