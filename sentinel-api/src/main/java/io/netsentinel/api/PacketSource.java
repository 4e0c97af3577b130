package io.netsentinel.api;

import java.io.IOException;

/** A stream of raw frames: a live interface or a capture file. Sources do no parsing. */
public interface PacketSource extends AutoCloseable {

  /**
   * Fills {@code frame} with the next frame. Returns false at the end of the stream. The frame's buffer stays valid
   * only until the next call.
   */
  boolean next(RawFrame frame) throws IOException;

  /** Counters of this source so far. */
  SourceStats stats();

  @Override
  void close() throws IOException;
}
