package io.netsentinel.detectors;

import io.netsentinel.api.DetectorProvider;
import io.netsentinel.testkit.MemorySource;
import io.netsentinel.testkit.PacketBuilder;
import io.netsentinel.testkit.junit.DetectorHarness;

/** Builds a timeline of packets for one detector test and runs it. Times are in milliseconds from a fixed start. */
final class Replay {
  static final long START = 1_700_000_000_000_000_000L;

  private final MemorySource source = new MemorySource();
  private final DetectorHarness harness;

  Replay(DetectorProvider provider) {
    harness = DetectorHarness.of(provider);
  }

  Replay at(double millis, PacketBuilder packet) {
    source.add(START + Math.round(millis * 1_000_000), packet);
    return this;
  }

  /** A frame whose wire length is larger than what was captured. */
  Replay at(double millis, PacketBuilder packet, int wireLength) {
    byte[] bytes = packet.build();
    source.add(START + Math.round(millis * 1_000_000), bytes, packet.linkType(), wireLength);
    return this;
  }

  Replay setting(String key, Object value) {
    harness.setting(key, value);
    return this;
  }

  DetectorHarness.Result run() {
    return harness.run(source);
  }

  static PacketBuilder tcp(String src, String dst, int sport, int dport, int flags) {
    return new PacketBuilder().ipv4(src, dst).tcp(sport, dport, flags);
  }
}
