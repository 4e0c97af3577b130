package io.netsentinel.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsentinel.testkit.PacketBuilder;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The decoder must survive any bytes: random frames and mutations of valid ones never throw, and the result never
 * depends on bytes outside the captured window (which is how an out-of-bounds read would show).
 */
class PacketDecoderPropertiesTest {

  private static final List<byte[]> SEEDS =
      List.of(
          new PacketBuilder().ipv4("10.0.0.1", "8.8.8.8").udp(4000, 53).dnsQuery("a.very.long.name.example", false)
              .build(),
          new PacketBuilder().vlan(0x88a8, 5).vlan(7).ipv4("10.0.0.1", "10.0.0.2").tcp(1, 2, 2).build(),
          new PacketBuilder().ipv6("2001:db8::1", "2001:db8::2").ipv6Extension(0).ipv6Fragment(0, true).udp(53, 9)
              .dnsQuery("x.y", true).build(),
          new PacketBuilder().ipv4("10.0.0.9", "10.0.0.1").icmp(3, 3)
              .payload(new PacketBuilder().raw().ipv4("10.0.0.1", "10.0.0.9").udp(1, 2).build()).build(),
          new PacketBuilder().arp(2, 5L, "10.0.0.1", 6L, "10.0.0.2").build(),
          new PacketBuilder().sll2().ipv6("::1", "::2").icmp(1, 4)
              .payload(new PacketBuilder().raw().ipv6("::2", "::1").tcp(5, 6, 2).build()).build());

  @Property(tries = 3000)
  void randomBytesNeverThrowAndStayInsideTheFrame(
      @ForAll @Size(max = 200) byte[] bytes, @ForAll("linkTypes") int linkType, @ForAll long salt) {
    assertSameInsideAnyBuffer(bytes, linkType, salt);
  }

  @Property(tries = 3000)
  void mutatedValidFramesNeverThrowAndStayInsideTheFrame(
      @ForAll @IntRange(min = 0, max = 5) int seed,
      @ForAll @IntRange(min = 1, max = 8) int flips,
      @ForAll @IntRange(min = 0, max = 120) int cut,
      @ForAll long salt) {
    byte[] original = SEEDS.get(seed);
    Random random = new Random(salt);
    byte[] mutated = original.clone();
    for (int i = 0; i < flips; i++) {
      mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
    }
    int length = Math.max(0, mutated.length - cut);
    byte[] window = java.util.Arrays.copyOf(mutated, length);
    int linkType = seed == 5 ? LinkTypes.LINUX_SLL2 : LinkTypes.ETHERNET;
    assertSameInsideAnyBuffer(window, linkType, salt);
  }

  @Provide
  Arbitrary<Integer> linkTypes() {
    return Arbitraries.of(0, 1, 12, 14, 101, 108, 113, 228, 229, 276);
  }

  /** Decodes the frame inside two buffers with different bytes around it; the views must agree. */
  private static void assertSameInsideAnyBuffer(byte[] frame, int linkType, long salt) {
    String first = describe(frame, linkType, new Random(salt));
    String second = describe(frame, linkType, new Random(~salt));
    assertThat(second).isEqualTo(first);
  }

  private static String describe(byte[] frameBytes, int linkType, Random noise) {
    int before = 1 + noise.nextInt(16);
    byte[] buffer = new byte[before + frameBytes.length + 64];
    noise.nextBytes(buffer);
    System.arraycopy(frameBytes, 0, buffer, before, frameBytes.length);
    RawFrame frame = new RawFrame();
    frame.set(buffer, before, frameBytes.length, frameBytes.length + 10, linkType, 42);
    PacketView v = new PacketView();
    new PacketDecoder().decode(frame, v);
    return v.hasDecodeError() + "|" + v.srcMac() + "|" + v.dstMac() + "|" + v.vlanCount() + "|" + v.outerVlan() + "|"
        + v.innerVlan() + "|" + v.etherType() + "|" + v.ipVersion() + "|" + v.srcHi() + "|" + v.srcLo() + "|"
        + v.dstHi() + "|" + v.dstLo() + "|" + v.ipProtocol() + "|" + v.ttl() + "|" + v.isFragment() + "|"
        + v.l4Protocol() + "|" + v.srcPort() + "|" + v.dstPort() + "|" + v.tcpFlags() + "|" + v.tcpSeq() + "|"
        + v.tcpAck() + "|" + (v.l4Protocol() < 0 ? -1 : v.payloadOffset() - before) + "|" + v.payloadLength() + "|" + v.icmpType() + "|"
        + v.icmpCode() + "|" + v.hasQuotedPacket() + "|" + v.quotedProtocol() + "|" + v.quotedSrcLo() + "|"
        + v.quotedDstLo() + "|" + v.quotedSrcPort() + "|" + v.quotedDstPort() + "|" + v.isArp() + "|" + v.arpOp()
        + "|" + v.arpSenderMac() + "|" + v.arpSenderIp() + "|" + v.isDns() + "|"
        + (v.isDns() ? v.isDnsResponse() + "|" + v.dnsQueryName() + "|" + v.dnsQueryNameLength() : "-");
  }
}
