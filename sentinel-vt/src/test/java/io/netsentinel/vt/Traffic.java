package io.netsentinel.vt;

import io.netsentinel.api.PacketView;
import io.netsentinel.testkit.MemorySource;
import io.netsentinel.testkit.PacketBuilder;

/** A timeline of test packets, in milliseconds from a fixed start. */
final class Traffic {
  /** 2025-03-14T12:00:00Z in nanoseconds. */
  static final long START = 1_741_953_600_000_000_000L;

  private final MemorySource source = new MemorySource();

  Traffic at(double millis, PacketBuilder packet) {
    source.add(START + Math.round(millis * 1_000_000), packet);
    return this;
  }

  MemorySource source() {
    return source;
  }

  static PacketBuilder syn(String src, String dst, int dstPort) {
    return new PacketBuilder().ipv4(src, dst).tcp(40_000, dstPort, PacketView.TCP_SYN);
  }

  static PacketBuilder query(String src, String resolver, String name) {
    return new PacketBuilder().ipv4(src, resolver).udp(53_000, 53).dnsQuery(name, false);
  }

  static PacketBuilder answer(String resolver, String dst, String name) {
    return new PacketBuilder().ipv4(resolver, dst).udp(53, 53_000).dnsQuery(name, true);
  }
}
