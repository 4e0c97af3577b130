package io.netsentinel.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsentinel.testkit.PacketBuilder;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

class DnsQueryNameTest {
  private final PacketDecoder decoder = new PacketDecoder();
  private final PacketView view = new PacketView();
  private final RawFrame frame = new RawFrame();

  private PacketView udpDns(byte[] message, int srcPort, int dstPort) {
    byte[] bytes = new PacketBuilder().ipv4("10.0.0.1", "10.0.0.53").udp(srcPort, dstPort).payload(message).build();
    frame.set(bytes, 0, bytes.length, bytes.length, LinkTypes.ETHERNET, 0);
    decoder.decode(frame, view);
    return view;
  }

  @Test
  void decodesTheQuestionNameOfAQuery() {
    PacketView v = udpDns(PacketBuilder.dnsMessage(PacketBuilder.labels("www.example.com"), false), 40000, 53);
    assertThat(v.isDns()).isTrue();
    assertThat(v.isDnsResponse()).isFalse();
    assertThat(v.dnsQueryName()).hasToString("www.example.com");
    assertThat(v.dnsQueryNameLength()).isEqualTo(15);
  }

  @Test
  void decodesResponsesFromPort53() {
    PacketView v = udpDns(PacketBuilder.dnsMessage(PacketBuilder.labels("a.b"), true), 53, 40000);
    assertThat(v.isDnsResponse()).isTrue();
    assertThat(v.dnsQueryName()).hasToString("a.b");
  }

  @Test
  void decodesDnsOverTcpAfterTheLengthPrefix() {
    byte[] msg = PacketBuilder.dnsMessage(PacketBuilder.labels("tcp.example.org"), false);
    byte[] framed = new byte[msg.length + 2];
    framed[0] = (byte) (msg.length >>> 8);
    framed[1] = (byte) msg.length;
    System.arraycopy(msg, 0, framed, 2, msg.length);
    byte[] bytes = new PacketBuilder().ipv4("10.0.0.1", "10.0.0.53").tcp(40000, 53, 0x18).payload(framed).build();
    frame.set(bytes, 0, bytes.length, bytes.length, LinkTypes.ETHERNET, 0);
    decoder.decode(frame, view);
    assertThat(view.dnsQueryName()).hasToString("tcp.example.org");
  }

  @Test
  void escapesRawEightBitBytesInsteadOfDroppingThem() {
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    wire.write(4);
    wire.writeBytes(new byte[] {'a', (byte) 0xE9, '.', 0x01});
    wire.writeBytes(PacketBuilder.labels("pirate.sea"));
    PacketView v = udpDns(PacketBuilder.dnsMessage(wire.toByteArray(), false), 1, 53);
    assertThat(v.dnsQueryName()).hasToString("a\\xe9\\x2e\\x01.pirate.sea");
    // The length counts each raw byte once: 4 + 1 + 6 + 1 + 3.
    assertThat(v.dnsQueryNameLength()).isEqualTo(15);
  }

  @Test
  void followsACompressionPointerThatPointsBackwards() {
    // At 12 a 4-byte label whose content [1 'y' 0 'z'] is itself a complete name "y"; at 17 a pointer to it.
    byte[] wire = {4, 1, 'y', 0, 'z', (byte) 0xC0, 13};
    PacketView v = udpDns(PacketBuilder.dnsMessage(wire, false), 1, 53);
    assertThat(v.dnsQueryName()).hasToString("\\x01y\\x00z.y");
    assertThat(v.dnsQueryNameLength()).isEqualTo(6);
  }

  @Test
  void rejectsAPointerToItself() {
    byte[] wire = {(byte) 0xC0, 12};
    PacketView v = udpDns(PacketBuilder.dnsMessage(wire, false), 1, 53);
    assertThat(v.isDns()).isTrue();
    assertThat(v.dnsQueryName()).isNull();
    assertThat(v.dnsQueryNameLength()).isEqualTo(-1);
  }

  @Test
  void rejectsAPointerLoopThroughAnEarlierLabel() {
    // "abc" then a pointer back to "abc": following it reaches the same pointer again.
    byte[] wire = {3, 'a', 'b', 'c', (byte) 0xC0, 12};
    PacketView v = udpDns(PacketBuilder.dnsMessage(wire, false), 1, 53);
    assertThat(v.dnsQueryName()).isNull();
  }

  @Test
  void rejectsAForwardPointer() {
    byte[] wire = {(byte) 0xC0, 40, 0, 0};
    PacketView v = udpDns(PacketBuilder.dnsMessage(wire, false), 1, 53);
    assertThat(v.dnsQueryName()).isNull();
  }

  @Test
  void rejectsALabelLongerThan63Bytes() {
    byte[] wire = new byte[66];
    wire[0] = 64;
    PacketView v = udpDns(PacketBuilder.dnsMessage(wire, false), 1, 53);
    assertThat(v.dnsQueryName()).isNull();
  }

  @Test
  void rejectsANameCutOffByTheEndOfThePacket() {
    byte[] msg = PacketBuilder.dnsMessage(PacketBuilder.labels("abcdefgh.example"), false);
    byte[] cut = java.util.Arrays.copyOf(msg, 16);
    PacketView v = udpDns(cut, 1, 53);
    assertThat(v.dnsQueryName()).isNull();
  }

  @Test
  void decodesTheLongestLegalName() {
    StringBuilder name = new StringBuilder();
    for (int i = 0; i < 4; i++) {
      name.append(i == 0 ? "" : ".").append("x".repeat(i < 3 ? 63 : 61));
    }
    PacketView v = udpDns(PacketBuilder.dnsMessage(PacketBuilder.labels(name.toString()), false), 1, 53);
    assertThat(v.dnsQueryNameLength()).isEqualTo(253);
    assertThat(v.dnsQueryName()).hasToString(name.toString());
  }

  @Test
  void isNotDnsOnOtherPortsOrWithoutAHeader() {
    assertThat(udpDns(PacketBuilder.dnsMessage(PacketBuilder.labels("a.b"), false), 1, 5353).isDns()).isFalse();
    assertThat(udpDns(new byte[5], 1, 53).isDns()).isFalse();
  }
}
