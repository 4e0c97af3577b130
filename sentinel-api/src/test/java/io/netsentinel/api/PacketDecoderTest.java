package io.netsentinel.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsentinel.testkit.PacketBuilder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PacketDecoderTest {
  private final PacketDecoder decoder = new PacketDecoder();
  private final PacketView view = new PacketView();
  private final RawFrame frame = new RawFrame();

  private PacketView decode(PacketBuilder builder) {
    return decode(builder.build(), builder.linkType(), 1_000_000_000L);
  }

  private PacketView decode(byte[] bytes, int linkType, long ts) {
    frame.set(bytes, 0, bytes.length, bytes.length, linkType, ts);
    decoder.decode(frame, view);
    return view;
  }

  @Test
  void decodesEthernetIpv4TcpSyn() {
    PacketView v =
        decode(
            new PacketBuilder()
                .ethernet(0x0a0b0c0d0e0fL, 0x111213141516L)
                .ipv4("10.1.2.3", "192.168.7.9")
                .ttl(33)
                .tcp(40000, 22, PacketView.TCP_SYN));
    assertThat(v.hasDecodeError()).isFalse();
    assertThat(v.srcMac()).isEqualTo(0x0a0b0c0d0e0fL);
    assertThat(v.dstMac()).isEqualTo(0x111213141516L);
    assertThat(v.isIpv4()).isTrue();
    assertThat(Addresses.formatIpv4(v.srcIpv4())).isEqualTo("10.1.2.3");
    assertThat(v.dstAddressText()).isEqualTo("192.168.7.9");
    assertThat(v.ttl()).isEqualTo(33);
    assertThat(v.isTcp()).isTrue();
    assertThat(v.srcPort()).isEqualTo(40000);
    assertThat(v.dstPort()).isEqualTo(22);
    assertThat(v.isSynOnly()).isTrue();
    assertThat(v.protocolName()).isEqualTo("TCP");
  }

  @Test
  void synAckIsNotSynOnlyAndKeepsAllFlags() {
    PacketView v =
        decode(new PacketBuilder().ipv4("1.1.1.1", "2.2.2.2").tcp(80, 5000, PacketView.TCP_SYN | PacketView.TCP_ACK));
    assertThat(v.isSynOnly()).isFalse();
    assertThat(v.hasTcpFlags(PacketView.TCP_SYN | PacketView.TCP_ACK)).isTrue();
    int xmas = PacketView.TCP_FIN | PacketView.TCP_PSH | PacketView.TCP_URG;
    v = decode(new PacketBuilder().ipv4("1.1.1.1", "2.2.2.2").tcp(80, 5000, xmas));
    assertThat(v.tcpFlags()).isEqualTo(xmas);
  }

  @Test
  void decodesUdpWithPayloadBounds() {
    byte[] data = {1, 2, 3, 4, 5};
    PacketView v = decode(new PacketBuilder().ipv4("10.0.0.1", "10.0.0.2").udp(5000, 6000).payload(data));
    assertThat(v.isUdp()).isTrue();
    assertThat(v.srcPort()).isEqualTo(5000);
    assertThat(v.dstPort()).isEqualTo(6000);
    assertThat(v.payloadLength()).isEqualTo(5);
    assertThat(Arrays.copyOfRange(v.buffer(), v.payloadOffset(), v.payloadOffset() + 5)).isEqualTo(data);
  }

  @Test
  void ignoresEthernetPaddingBeyondTheIpTotalLength() {
    byte[] bytes = new PacketBuilder().ipv4("10.0.0.1", "10.0.0.2").udp(1, 2).build();
    byte[] padded = Arrays.copyOf(bytes, 60);
    PacketView v = decode(padded, LinkTypes.ETHERNET, 0);
    assertThat(v.payloadLength()).isZero();
    assertThat(v.wireLength()).isEqualTo(60);
  }

  @Test
  void decodesIpv4OptionsBeforeTheTransportHeader() {
    PacketView v =
        decode(
            new PacketBuilder()
                .ipv4("10.0.0.1", "10.0.0.2")
                .ipv4Options(new byte[] {(byte) 0x94, 4, 0, 0, 1, 1, 1, 0})
                .udp(53, 1053));
    assertThat(v.hasDecodeError()).isFalse();
    assertThat(v.srcPort()).isEqualTo(53);
    assertThat(v.dstPort()).isEqualTo(1053);
  }

  @Test
  void onlyTheFirstIpv4FragmentCarriesPorts() {
    PacketView first = decode(new PacketBuilder().ipv4("10.0.0.1", "10.0.0.2").fragment(0, true).udp(1111, 2222));
    assertThat(first.isFragment()).isFalse();
    assertThat(first.dstPort()).isEqualTo(2222);
    PacketView later = decode(new PacketBuilder().ipv4("10.0.0.1", "10.0.0.2").fragment(185, false).udp(1111, 2222));
    assertThat(later.isFragment()).isTrue();
    assertThat(later.isUdp()).isFalse();
    assertThat(later.dstPort()).isEqualTo(-1);
    assertThat(later.hasDecodeError()).isFalse();
  }

  @Test
  void decodesIpv6ThroughItsExtensionChain() {
    PacketView v =
        decode(
            new PacketBuilder()
                .ipv6("2001:db8::1", "2001:db8::2")
                .ipv6Extension(0)
                .ipv6Extension(43)
                .ipv6Fragment(0, true)
                .ipv6Extension(60)
                .tcp(443, 50000, PacketView.TCP_ACK));
    assertThat(v.hasDecodeError()).isFalse();
    assertThat(v.isIpv6()).isTrue();
    assertThat(v.srcAddressText()).isEqualTo("2001:db8::1");
    assertThat(v.dstAddressText()).isEqualTo("2001:db8::2");
    assertThat(v.ipProtocol()).isEqualTo(6);
    assertThat(v.srcPort()).isEqualTo(443);
  }

  @Test
  void aLaterIpv6FragmentHasNoPorts() {
    PacketView v =
        decode(new PacketBuilder().ipv6("2001:db8::1", "2001:db8::2").ipv6Fragment(100, false).udp(1, 2));
    assertThat(v.isFragment()).isTrue();
    assertThat(v.isUdp()).isFalse();
    assertThat(v.hasDecodeError()).isFalse();
  }

  @Test
  void decodesIcmpEchoAndIcmpv6Echo() {
    PacketView v4 = decode(new PacketBuilder().ipv4("10.0.0.1", "10.0.0.2").icmp(8, 0));
    assertThat(v4.isIcmp()).isTrue();
    assertThat(v4.isEchoRequest()).isTrue();
    assertThat(v4.protocolName()).isEqualTo("ICMP");
    PacketView v6 = decode(new PacketBuilder().ipv6("fe80::1", "fe80::2").icmp(128, 0));
    assertThat(v6.isEchoRequest()).isTrue();
    assertThat(v6.icmpType()).isEqualTo(128);
    assertThat(v6.protocolName()).isEqualTo("IPv6-ICMP");
    PacketView reply = decode(new PacketBuilder().ipv4("10.0.0.2", "10.0.0.1").icmp(0, 0));
    assertThat(reply.isEchoRequest()).isFalse();
  }

  @Test
  void readsTheHeaderQuotedByAnIcmpPortUnreachable() {
    byte[] probe = new PacketBuilder().raw().ipv4("10.0.0.1", "10.0.0.9").udp(33000, 161).build();
    PacketView v =
        decode(
            new PacketBuilder()
                .ipv4("10.0.0.9", "10.0.0.1")
                .icmp(3, 3)
                .payload(Arrays.copyOf(probe, 28)));
    assertThat(v.icmpType()).isEqualTo(3);
    assertThat(v.icmpCode()).isEqualTo(3);
    assertThat(v.hasQuotedPacket()).isTrue();
    assertThat(v.quotedProtocol()).isEqualTo(17);
    assertThat(Addresses.format(v.quotedSrcHi(), v.quotedSrcLo())).isEqualTo("10.0.0.1");
    assertThat(Addresses.format(v.quotedDstHi(), v.quotedDstLo())).isEqualTo("10.0.0.9");
    assertThat(v.quotedSrcPort()).isEqualTo(33000);
    assertThat(v.quotedDstPort()).isEqualTo(161);
    // The quoted ports are not the packet's own.
    assertThat(v.dstPort()).isEqualTo(-1);
  }

  @Test
  void decodesArpClaims() {
    PacketView v =
        decode(new PacketBuilder().arp(2, 0x080027530cbaL, "192.168.10.4", 0x50ebf6ec0e7fL, "192.168.10.1"));
    assertThat(v.isArp()).isTrue();
    assertThat(v.arpOp()).isEqualTo(2);
    assertThat(Addresses.formatMac(v.arpSenderMac())).isEqualTo("08:00:27:53:0c:ba");
    assertThat(Addresses.formatIpv4(v.arpSenderIp())).isEqualTo("192.168.10.4");
    assertThat(Addresses.formatMac(v.arpTargetMac())).isEqualTo("50:eb:f6:ec:0e:7f");
    assertThat(Addresses.formatIpv4(v.arpTargetIp())).isEqualTo("192.168.10.1");
    assertThat(v.protocolName()).isEqualTo("ARP");
    assertThat(v.ipVersion()).isZero();
  }

  @Test
  void decodesSingleAndDoubleVlanTags() {
    PacketView single = decode(new PacketBuilder().vlan(100).ipv4("10.0.0.1", "10.0.0.2").tcp(1, 80, 2));
    assertThat(single.vlanCount()).isEqualTo(1);
    assertThat(single.outerVlan()).isEqualTo(100);
    assertThat(single.dstPort()).isEqualTo(80);
    PacketView qinq =
        decode(new PacketBuilder().vlan(0x88a8, 13).vlan(0x8100, 10).arp(1, 1L, "10.0.0.1", 0L, "10.0.0.2"));
    assertThat(qinq.vlanCount()).isEqualTo(2);
    assertThat(qinq.outerVlan()).isEqualTo(13);
    assertThat(qinq.innerVlan()).isEqualTo(10);
    assertThat(qinq.isArp()).isTrue();
  }

  @Test
  void decodesLinuxCookedV1AndV2() {
    PacketView v1 = decode(new PacketBuilder().sll().ipv4("10.0.0.1", "10.0.0.2").udp(1, 53));
    assertThat(v1.linkType()).isEqualTo(LinkTypes.LINUX_SLL);
    assertThat(v1.srcMac()).isEqualTo(0x0200_0000_0001L);
    assertThat(v1.dstPort()).isEqualTo(53);
    PacketView v2 = decode(new PacketBuilder().sll2().ipv6("::1", "::2").icmp(129, 0));
    assertThat(v2.linkType()).isEqualTo(LinkTypes.LINUX_SLL2);
    assertThat(v2.icmpType()).isEqualTo(129);
    assertThat(v2.srcMac()).isEqualTo(0x0200_0000_0001L);
  }

  @Test
  void decodesRawIpUnderEveryRawLinkType() {
    byte[] v4 = new PacketBuilder().raw().ipv4("10.0.0.1", "10.0.0.2").tcp(1, 2, 2).build();
    byte[] v6 = new PacketBuilder().raw().ipv6("::1", "::2").udp(3, 4).build();
    for (int linkType : new int[] {LinkTypes.RAW, LinkTypes.RAW_BSD, LinkTypes.RAW_OPENBSD}) {
      assertThat(decode(v4, linkType, 0).dstPort()).isEqualTo(2);
      assertThat(decode(v6, linkType, 0).dstPort()).isEqualTo(4);
    }
    assertThat(decode(v4, LinkTypes.IPV4, 0).dstPort()).isEqualTo(2);
    assertThat(decode(v6, LinkTypes.IPV6, 0).dstPort()).isEqualTo(4);
  }

  @Test
  void decodesBsdLoopbackInEitherByteOrder() {
    byte[] le = new PacketBuilder().nullLoopback().ipv4("127.0.0.1", "127.0.0.1").udp(9, 10).build();
    assertThat(decode(le, LinkTypes.NULL, 0).dstPort()).isEqualTo(10);
    byte[] be = le.clone();
    be[0] = 0;
    be[3] = 2;
    assertThat(decode(be, LinkTypes.NULL, 0).dstPort()).isEqualTo(10);
    assertThat(decode(be, LinkTypes.LOOP, 0).dstPort()).isEqualTo(10);
    byte[] v6 = new PacketBuilder().nullLoopback().ipv6("::1", "::1").udp(9, 11).build();
    assertThat(decode(v6, LinkTypes.NULL, 0).dstPort()).isEqualTo(11);
  }

  @Test
  void flagsTruncatedHeadersAndCountsThem() {
    byte[] full = new PacketBuilder().ipv4("10.0.0.1", "10.0.0.2").tcp(1, 2, 2).build();
    long before = decoder.decodeErrors();
    PacketView v = decode(Arrays.copyOf(full, 14 + 20 + 10), LinkTypes.ETHERNET, 0);
    assertThat(v.hasDecodeError()).isTrue();
    assertThat(v.isIpv4()).isTrue();
    assertThat(v.isTcp()).isFalse();
    assertThat(decode(Arrays.copyOf(full, 10), LinkTypes.ETHERNET, 0).hasDecodeError()).isTrue();
    assertThat(decoder.decodeErrors()).isEqualTo(before + 2);
  }

  @Test
  void flagsAnUnknownLinkTypeAndABadIpVersion() {
    byte[] full = new PacketBuilder().ipv4("10.0.0.1", "10.0.0.2").tcp(1, 2, 2).build();
    assertThat(decode(full, 147, 0).hasDecodeError()).isTrue();
    byte[] wrongVersion = full.clone();
    wrongVersion[14] = 0x55;
    assertThat(decode(wrongVersion, LinkTypes.ETHERNET, 0).hasDecodeError()).isTrue();
  }

  @Test
  void otherEtherTypesAreNeitherIpNorErrors() {
    PacketView v = decode(new PacketBuilder().etherType(0x88cc).payload(new byte[20]));
    assertThat(v.hasDecodeError()).isFalse();
    assertThat(v.etherType()).isEqualTo(0x88cc);
    assertThat(v.ipVersion()).isZero();
  }

  @Test
  void keepsThePacketClockMonotonicWhenTimestampsGoBackwards() {
    byte[] bytes = new PacketBuilder().ipv4("10.0.0.1", "10.0.0.2").udp(1, 2).build();
    decode(bytes, LinkTypes.ETHERNET, 5_000);
    PacketView v = decode(bytes, LinkTypes.ETHERNET, 3_000);
    assertThat(v.captureTimestampNanos()).isEqualTo(3_000);
    assertThat(v.timestampNanos()).isEqualTo(5_000);
    assertThat(decoder.clockRegressions()).isEqualTo(1);
    assertThat(decode(bytes, LinkTypes.ETHERNET, 7_000).timestampNanos()).isEqualTo(7_000);
  }

  @Test
  void wireLengthStaysApartFromTheCapturedLength() {
    byte[] bytes = new PacketBuilder().ipv4("10.0.0.1", "10.0.0.2").tcp(1, 2, 16).payload(new byte[200]).build();
    frame.set(bytes, 0, 96, bytes.length, LinkTypes.ETHERNET, 0);
    decoder.decode(frame, view);
    assertThat(view.hasDecodeError()).isFalse();
    assertThat(view.captureLength()).isEqualTo(96);
    assertThat(view.wireLength()).isEqualTo(bytes.length);
    assertThat(view.payloadLength()).isEqualTo(96 - 54);
  }
}
