package io.netsentinel.agent;

import io.netsentinel.api.PacketDecoder;
import io.netsentinel.api.PacketSource;
import io.netsentinel.api.RawFrame;
import io.netsentinel.api.SourceStats;
import java.io.IOException;
import java.util.function.LongSupplier;

/**
 * {@code --rebase-time}: captures replayed as if they were recorded now. Each recording moves by one offset, chosen so
 * that its first frame is stamped with the current time, so gaps and order within it are kept and the detectors raise
 * the same alerts, stamped with today's time. A new recording is a step back in time of more than {@link
 * PacketDecoder#NEW_TIMELINE_NANOS} or a jump forward of more than an hour: the next file of a directory, usually.
 * Each starts at the current time again, or a little earlier, so that it is a step back of more than that limit: the
 * engine starts a new timeline for it, as it does for the original files, and raises the same alerts.
 */
final class RebasedSource implements PacketSource {
  static final long MAX_GAP_NANOS = 3_600_000_000_000L;

  private final PacketSource source;
  private final LongSupplier wallClockNanos;
  private long offset;
  private long lastIn;
  private long lastOut = Long.MIN_VALUE;

  RebasedSource(PacketSource source, LongSupplier wallClockNanos) {
    this.source = source;
    this.wallClockNanos = wallClockNanos;
  }

  @Override
  public boolean next(RawFrame frame) throws IOException {
    if (!source.next(frame)) {
      return false;
    }
    long in = frame.timestampNanos();
    long gap = in - lastIn;
    if (lastOut == Long.MIN_VALUE || gap < -PacketDecoder.NEW_TIMELINE_NANOS || gap > MAX_GAP_NANOS) {
      long start = wallClockNanos.getAsLong();
      if (lastOut != Long.MIN_VALUE) {
        // Far enough back that the engine starts a new timeline, as it does for the original files: fresh detector
        // state and cooldown, so the replay raises the same alerts.
        start = Math.min(start, lastOut - PacketDecoder.NEW_TIMELINE_NANOS - 1_000_000_000L);
      }
      offset = start - in;
    }
    lastIn = in;
    lastOut = in + offset;
    frame.set(frame.buffer(), frame.offset(), frame.captureLength(), frame.wireLength(), frame.linkType(), lastOut);
    return true;
  }

  @Override
  public SourceStats stats() {
    return source.stats();
  }

  @Override
  public void close() throws IOException {
    source.close();
  }
}
