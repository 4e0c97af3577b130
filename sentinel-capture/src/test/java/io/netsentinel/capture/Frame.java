package io.netsentinel.capture;

import io.netsentinel.api.PacketSource;
import io.netsentinel.api.RawFrame;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A frame copied out of a source's buffer, so tests can look at it after the next call. */
record Frame(byte[] data, int wireLength, int linkType, long timestampNanos) {
  static Frame copyOf(RawFrame frame) {
    byte[] data = Arrays.copyOfRange(frame.buffer(), frame.offset(), frame.offset() + frame.captureLength());
    return new Frame(data, frame.wireLength(), frame.linkType(), frame.timestampNanos());
  }

  int captureLength() {
    return data.length;
  }

  static List<Frame> readAll(PacketSource source) throws IOException {
    List<Frame> frames = new ArrayList<>();
    RawFrame frame = new RawFrame();
    while (source.next(frame)) {
      frames.add(copyOf(frame));
    }
    return frames;
  }
}
