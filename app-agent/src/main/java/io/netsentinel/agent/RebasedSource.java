package io.netsentinel.agent;

import io.netsentinel.api.PacketSource;
import io.netsentinel.api.RawFrame;
import io.netsentinel.api.SourceStats;
import java.io.IOException;

/**
 * {@code --rebase-time}: a capture replayed as if it were recorded now. Every timestamp moves by one offset, chosen so
 * that the first frame is stamped with the time the replay started; gaps and order are kept, so the detectors see the
 * same traffic and raise the same alerts, stamped with today's time.
 */
final class RebasedSource implements PacketSource {
  private final PacketSource source;
  private final long startNanos;
  private long offset;
  private boolean first = true;

  RebasedSource(PacketSource source, long startNanos) {
    this.source = source;
    this.startNanos = startNanos;
  }

  @Override
  public boolean next(RawFrame frame) throws IOException {
    if (!source.next(frame)) {
      return false;
    }
    if (first) {
      first = false;
      offset = startNanos - frame.timestampNanos();
    }
    frame.set(frame.buffer(), frame.offset(), frame.captureLength(), frame.wireLength(), frame.linkType(),
        frame.timestampNanos() + offset);
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
