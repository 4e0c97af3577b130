package io.netsentinel.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsentinel.api.LinkTypes;
import io.netsentinel.api.PacketDecoder;
import io.netsentinel.api.PacketView;
import io.netsentinel.api.RawFrame;
import io.netsentinel.testkit.MemorySource;
import io.netsentinel.testkit.PacketBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RebasedSourceTest {
  private static final long S = 1_000_000_000L;
  private static final long NOW = 2_000_000_000L * S;

  private static List<Long> replay(MemorySource source, AtomicLong wall) throws Exception {
    List<Long> out = new ArrayList<>();
    RawFrame frame = new RawFrame();
    try (RebasedSource rebased = new RebasedSource(source, wall::get)) {
      for (int i = 0; i < 100 && rebased.next(frame); i++) {
        out.add(frame.timestampNanos());
        wall.addAndGet(S / 10); // replay runs faster than the recording
      }
    }
    return out;
  }

  private static PacketBuilder packet() {
    return new PacketBuilder().ipv4("10.0.0.1", "10.0.0.2").udp(1, 2);
  }

  @Test
  void oneRecordingStartsNowAndKeepsItsGaps() throws Exception {
    MemorySource source = new MemorySource().add(1_000 * S, packet()).add(1_002 * S, packet()).add(1_010 * S, packet());
    assertThat(replay(source, new AtomicLong(NOW))).containsExactly(NOW, NOW + 2 * S, NOW + 10 * S);
  }

  @Test
  void eachFileOfADirectoryStartsAgainAtTheCurrentTime() throws Exception {
    // A 2023 recording, then a 2008 one (step back), then one ten years later (jump forward).
    long y2023 = 1_690_000_000L * S;
    long y2008 = 1_200_000_000L * S;
    long y2018 = 1_530_000_000L * S;
    MemorySource source = new MemorySource()
        .add(y2023, packet()).add(y2023 + 30 * S, packet())
        .add(y2008, packet()).add(y2008 + S, packet())
        .add(y2018, packet());
    List<Long> out = replay(source, new AtomicLong(NOW));
    // Each recording starts at the wall clock when its first frame is read (it advances 0.1 s per frame here), or
    // 11 s before the previous frame when that is earlier: a step back large enough to start a new timeline.
    assertThat(out).containsExactly(NOW, NOW + 30 * S, NOW + 2 * S / 10, NOW + 12 * S / 10, NOW + 2 * S / 10 - 10 * S);
    PacketDecoder decoder = new PacketDecoder();
    PacketView view = new PacketView();
    RawFrame frame = new RawFrame();
    byte[] bytes = packet().build();
    for (long t : out) {
      frame.set(bytes, 0, bytes.length, bytes.length, LinkTypes.ETHERNET, t);
      decoder.decode(frame, view);
    }
    assertThat(decoder.timelines()).as("one timeline per recording, as without --rebase-time").isEqualTo(3);
  }
}
