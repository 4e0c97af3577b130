package io.netsentinel.testkit;

import io.netsentinel.api.PacketSource;
import io.netsentinel.api.RawFrame;
import io.netsentinel.api.SourceStats;
import java.util.ArrayList;
import java.util.List;

/** A packet source over frames held in memory, for tests and for feeding a detector by hand. */
public final class MemorySource implements PacketSource {
  private record Frame(long timestampNanos, byte[] bytes, int linkType, int wireLength) {}

  private final List<Frame> frames = new ArrayList<>();
  private int next;
  private long bytesRead;
  private long bytesTotal;

  /** Adds a frame whose wire length equals its length. */
  public MemorySource add(long timestampNanos, byte[] bytes, int linkType) {
    return add(timestampNanos, bytes, linkType, bytes.length);
  }

  /** Adds a frame captured short of its wire length. */
  public MemorySource add(long timestampNanos, byte[] bytes, int linkType, int wireLength) {
    frames.add(new Frame(timestampNanos, bytes.clone(), linkType, wireLength));
    bytesTotal += bytes.length;
    return this;
  }

  /** Adds a built frame. */
  public MemorySource add(long timestampNanos, PacketBuilder packet) {
    return add(timestampNanos, packet.build(), packet.linkType());
  }

  /** Starts over from the first frame, so the same source can be replayed. */
  public MemorySource rewind() {
    next = 0;
    bytesRead = 0;
    return this;
  }

  public int size() {
    return frames.size();
  }

  @Override
  public boolean next(RawFrame frame) {
    if (next >= frames.size()) {
      return false;
    }
    Frame f = frames.get(next++);
    frame.set(f.bytes(), 0, f.bytes().length, f.wireLength(), f.linkType(), f.timestampNanos());
    bytesRead += f.bytes().length;
    return true;
  }

  @Override
  public SourceStats stats() {
    return new SourceStats(next, -1, -1, bytesRead, bytesTotal);
  }

  @Override
  public void close() {}
}
