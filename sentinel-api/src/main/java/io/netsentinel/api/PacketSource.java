package io.netsentinel.api;

import java.io.IOException;

/** A stream of raw frames: a live interface or a capture file. Sources do no parsing. */
public interface PacketSource extends AutoCloseable {

  /**
   * Fills {@code frame} with the next frame. Returns false at the end of the stream. The frame's buffer stays valid
   * only until the next call.
   */
  boolean next(RawFrame frame) throws IOException;

  /** What {@link #poll(RawFrame)} found. */
  enum Poll {
    /** A frame was delivered. */
    FRAME,
    /**
     * No frame arrived within the source's read timeout. Only the frame's timestamp is set: the source's current time,
     * so that the engine lets time pass on a quiet link (windows close, background lookups report).
     */
    IDLE,
    /** The end of the stream. */
    END
  }

  /**
   * Like {@link #next(RawFrame)}, but a live source may return {@link Poll#IDLE} rather than wait on. The default
   * waits for a frame, which is right for files.
   */
  default Poll poll(RawFrame frame) throws IOException {
    return next(frame) ? Poll.FRAME : Poll.END;
  }

  /** Counters of this source so far. */
  SourceStats stats();

  @Override
  void close() throws IOException;
}
