package io.netsentinel.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsentinel.api.Addresses;
import io.netsentinel.api.LinkTypes;
import io.netsentinel.api.PacketDecoder;
import io.netsentinel.api.PacketSource;
import io.netsentinel.api.PacketView;
import io.netsentinel.api.RawFrame;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.slf4j.helpers.NOPLogger;

/**
 * Reader and decoder together over the format captures of the corpus (copied into {@code testdata/pcaps}). Every
 * expected number was counted with tshark 4.0 ({@code tshark -r FILE -Y FILTER | wc -l}) and written down here.
 */
class FormatCaptureDecodeTest {
  private static final Path PCAPS =
      Path.of(System.getProperty("testdata.dir", "../testdata")).resolve("pcaps");

  /** Per-layer counts over one capture. */
  static final class Counts {
    long frames;
    long decodeErrors;
    long vlanTagged;
    long doubleTagged;
    long ip;
    long tcp;
    long udp;
    long icmp;
    long arp;
    long dns;
    long wireBytes;
    long capturedBytes;
    final List<String> dnsNames = new ArrayList<>();
    final List<Long> timestamps = new ArrayList<>();
    final TreeMap<Integer, Integer> linkTypes = new TreeMap<>();
  }

  static Counts count(String file, Consumer<PacketView> each) throws IOException {
    Counts c = new Counts();
    RawFrame frame = new RawFrame();
    PacketView v = new PacketView();
    PacketDecoder decoder = new PacketDecoder();
    try (PacketSource source = CaptureFiles.open(PCAPS.resolve(file), NOPLogger.NOP_LOGGER)) {
      while (source.next(frame)) {
        c.frames++;
        c.wireBytes += frame.wireLength();
        c.capturedBytes += frame.captureLength();
        c.linkTypes.merge(frame.linkType(), 1, Integer::sum);
        if (!decoder.decode(frame, v)) {
          c.decodeErrors++;
        }
        c.timestamps.add(v.captureTimestampNanos());
        c.vlanTagged += v.vlanCount() > 0 ? 1 : 0;
        c.doubleTagged += v.vlanCount() == 2 ? 1 : 0;
        c.ip += v.ipVersion() != 0 ? 1 : 0;
        c.tcp += v.isTcp() ? 1 : 0;
        c.udp += v.isUdp() ? 1 : 0;
        c.icmp += v.isIcmp() ? 1 : 0;
        c.arp += v.isArp() ? 1 : 0;
        if (v.isDns()) {
          c.dns++;
          c.dnsNames.add(String.valueOf(v.dnsQueryName()));
        }
        each.accept(v);
      }
    }
    assertThat(decoder.decodeErrors()).isEqualTo(c.decodeErrors);
    return c;
  }

  @Test
  void decodesEvery8021qTaggedFrameDownToTcp() throws IOException {
    Counts c = count("vlan_8021q_http_zeek.pcap", v -> {});
    assertThat(c.frames).isEqualTo(14);
    assertThat(c.decodeErrors).isZero();
    assertThat(c.vlanTagged).isEqualTo(14);
    assertThat(c.tcp).isEqualTo(14);
  }

  @Test
  void decodesQinqWithBothVlanIds() throws IOException {
    List<String> tags = new ArrayList<>();
    Counts c = count("vlan_qinq_zeek.pcap", v -> tags.add(v.outerVlan() + "/" + v.innerVlan()));
    assertThat(c.frames).isEqualTo(5);
    assertThat(c.decodeErrors).isZero();
    assertThat(c.doubleTagged).isEqualTo(5);
    assertThat(tags).containsOnly("13/10");
    assertThat(c.udp).isEqualTo(4);
    assertThat(c.arp).isEqualTo(1);
  }

  @Test
  void decodesLinuxCookedV1Arp() throws IOException {
    List<String> claims = new ArrayList<>();
    Counts c = count("sll_v1_arp_zeek.pcap",
        v -> claims.add(Addresses.formatIpv4(v.arpSenderIp()) + " " + Addresses.formatMac(v.arpSenderMac())));
    assertThat(c.linkTypes).containsOnlyKeys(LinkTypes.LINUX_SLL);
    assertThat(c.frames).isEqualTo(12);
    assertThat(c.arp).isEqualTo(12);
    assertThat(c.decodeErrors).isZero();
    assertThat(claims).filteredOn(s -> s.equals("10.1.10.100 00:50:56:8b:cf:fa")).hasSize(9);
    assertThat(claims).filteredOn(s -> s.equals("192.168.22.81 00:50:56:8b:3f:0d")).hasSize(2);
  }

  @Test
  void decodesLinuxCookedV2IcmpIcmpv6AndArp() throws IOException {
    List<Integer> icmpTypes = new ArrayList<>();
    List<Integer> etherTypes = new ArrayList<>();
    Counts c = count("sll_v2_icmp_zeek.pcap", v -> {
      icmpTypes.add(v.icmpType());
      etherTypes.add(v.etherType());
    });
    assertThat(c.linkTypes).containsOnlyKeys(LinkTypes.LINUX_SLL2);
    assertThat(c.frames).isEqualTo(6);
    assertThat(c.decodeErrors).isZero();
    assertThat(c.icmp).isEqualTo(4);
    assertThat(icmpTypes.subList(0, 4)).containsExactly(8, 0, 128, 129);
    // tshark counts 2 for "arp" because it includes the RARP frame; RARP (0x8035) makes no IP-to-MAC claim.
    assertThat(c.arp).isEqualTo(1);
    assertThat(etherTypes.get(5)).isEqualTo(0x8035);
  }

  @Test
  void readsAPcapngWithTwoInterfacesOfDifferentTimestampResolutions() throws IOException {
    Counts c = count("pcapng_multi_if_mixed_tsresol_zeek.pcapng", v -> {});
    assertThat(c.frames).isEqualTo(6);
    assertThat(c.decodeErrors).isZero();
    assertThat(c.dns).isEqualTo(6);
    assertThat(c.dnsNames).containsExactly(
        "www.apple.com", "www.apple.com", "google.com", "google.com", "google.com", "google.com");
    assertThat(c.timestamps.get(0)).isEqualTo(1_767_663_089_500_330_493L);
    assertThat(c.timestamps.get(2)).isEqualTo(1_767_663_437_111_897_000L);
  }

  @Test
  void readsANanosecondPcap() throws IOException {
    List<Boolean> syns = new ArrayList<>();
    Counts c = count("nsec_pcap_http_to_ssh_zeek.pcap", v -> syns.add(v.isSynOnly()));
    assertThat(c.frames).isEqualTo(9);
    assertThat(c.tcp).isEqualTo(9);
    assertThat(c.decodeErrors).isZero();
    assertThat(syns).containsExactly(true, false, false, false, false, false, false, false, false);
  }

  @Test
  void readsABigEndianPcap() throws IOException {
    long[] toNfs = new long[1];
    Counts c = count("bigendian_pcap_nfs3_suricata.pcap", v -> toNfs[0] += v.dstPort() == 2049 ? 1 : 0);
    assertThat(c.frames).isEqualTo(128);
    assertThat(c.udp).isEqualTo(128);
    assertThat(c.decodeErrors).isZero();
    assertThat(toNfs[0]).isEqualTo(58);
  }

  @Test
  void decodesATruncatedSnaplenCaptureAndCountsWireBytes() throws IOException {
    long[] toPort = new long[1];
    Counts c = count("truncated_snaplen96_port12345_zeek.pcap", v -> toPort[0] += v.dstPort() == 12345 ? 1 : 0);
    assertThat(c.frames).isEqualTo(878);
    assertThat(c.tcp).isEqualTo(878);
    assertThat(c.decodeErrors).isZero();
    assertThat(toPort[0]).isEqualTo(185);
    assertThat(c.wireBytes).isEqualTo(1_057_964L);
    assertThat(c.capturedBytes).isEqualTo(78_694L);
  }
}
