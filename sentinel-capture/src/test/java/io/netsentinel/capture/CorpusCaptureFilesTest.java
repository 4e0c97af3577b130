package io.netsentinel.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsentinel.api.LinkTypes;
import io.netsentinel.api.RawFrame;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** The shared corpus of real captures, checked against what tshark 4.0 reads from them. */
@EnabledIfSystemProperty(named = "corpus.enabled", matches = "true")
class CorpusCaptureFilesTest {
  /** {@code tshark -r FILE -T fields -e frame.number | wc -l}. */
  private static final Map<String, Long> TSHARK_FRAME_COUNTS =
      Map.ofEntries(
          Map.entry("arp_poison_chrissanders.pcapng", 165L),
          Map.entry("arp_poison_scan_htb.pcapng", 994L),
          Map.entry("arp_spoof_htb.pcapng", 42L),
          Map.entry("arp_vbox_bridge_benign_samrdump.pcap", 132L),
          Map.entry("benign_http_broorg_zeek.pcap", 751L),
          Map.entry("benign_http_dns_wikipedia_zeek.pcap", 136L),
          Map.entry("benign_ipv6_tls_suricata.pcap", 70L),
          Map.entry("benign_tls_gmail_packetlife.pcapng", 793L),
          Map.entry("bigendian_pcap_nfs3_suricata.pcap", 128L),
          Map.entry("bruteforce_ftp_ppa.pcap", 19730L),
          Map.entry("bruteforce_ftp_slow_zeek.pcap", 606L),
          Map.entry("bruteforce_ssh_slow_zeek.pcap", 431L),
          Map.entry("c2_4444_blaster_ppa.pcap", 18L),
          Map.entry("c2_4444_meterpreter_aurora_evidence06.pcap", 2554L),
          Map.entry("dns_tunnel_dns2tcp_suricata.pcap", 164L),
          Map.entry("dns_tunnel_iodine_elastic.pcap", 438L),
          Map.entry("dns_tunnel_txt_shortnames_htb.pcapng", 28L),
          Map.entry("icmp_flood_pcapanalizer.pcap", 24327L),
          Map.entry("icmp_ping_normal_suricata.pcap", 150L),
          Map.entry("irc_6667_zeek.pcap", 34L),
          Map.entry("nsec_pcap_http_to_ssh_zeek.pcap", 9L),
          Map.entry("pcapng_multi_if_mixed_tsresol_zeek.pcapng", 6L),
          Map.entry("portscan_nmap_multi_mrx_evidence04.pcap", 13625L),
          Map.entry("portscan_nmap_syn_scanme.pcapng", 2011L),
          Map.entry("portscan_nmap_xmas_evilfingers.pcap", 2000L),
          Map.entry("portscan_small_ppa.pcap", 29L),
          Map.entry("sll_v1_arp_zeek.pcap", 12L),
          Map.entry("sll_v2_icmp_zeek.pcap", 6L),
          Map.entry("synflood_200_synthetic_suricata.pcap", 200L),
          Map.entry("synflood_spoofed_stopddos.pcap", 37841L),
          Map.entry("truncated_snaplen96_port12345_zeek.pcap", 878L),
          Map.entry("vlan_8021q_http_zeek.pcap", 14L),
          Map.entry("vlan_qinq_zeek.pcap", 5L));

  private final Path corpus = Path.of(System.getProperty("corpus.dir", "../../shared/pcaps"));
  private final RecordingLog log = new RecordingLog();

  @Test
  void readsAsManyFramesAsTsharkFromEveryCorpusFile() throws IOException {
    Map<String, Long> counts = new TreeMap<>();
    try (Stream<Path> files = Files.list(corpus)) {
      for (Path file : files.filter(CorpusCaptureFilesTest::isCapture).sorted().toList()) {
        try (CaptureFileReader reader = new CaptureFileReader(file, log.logger())) {
          RawFrame frame = new RawFrame();
          while (reader.next(frame)) {
            // Counting is the point; the frames themselves are checked elsewhere.
          }
          assertThat(reader.truncated()).as(file.toString()).isFalse();
          assertThat(reader.stats().bytesRead()).as(file.toString()).isEqualTo(Files.size(file));
          counts.put(file.getFileName().toString(), reader.stats().received());
        }
      }
    }

    assertThat(counts).isEqualTo(new TreeMap<>(TSHARK_FRAME_COUNTS));
    assertThat(log.warnings()).isEmpty();
  }

  @Test
  void readsTheWholeCorpusDirectoryAsOneStream() throws IOException {
    long expected = TSHARK_FRAME_COUNTS.values().stream().mapToLong(Long::longValue).sum();

    try (var source = CaptureFiles.open(corpus, log.logger())) {
      RawFrame frame = new RawFrame();
      long frames = 0;
      while (source.next(frame)) {
        frames++;
      }
      assertThat(frames).isEqualTo(expected);
      assertThat(source.stats().received()).isEqualTo(expected);
      assertThat(source.stats().bytesRead()).isEqualTo(source.stats().bytesTotal());
    }
    // MANIFEST.md and verify_metrics.py are the files that are not captures.
    assertThat(log.warnings()).hasSize(2).allMatch(warning -> warning.endsWith("skipping it"));
  }

  @Test
  void keepsWireLengthsApartFromTheSnaplenCutCaptureLengths() throws IOException {
    long wire = 0;
    long captured = 0;
    try (CaptureFileReader reader =
        new CaptureFileReader(corpus.resolve("truncated_snaplen96_port12345_zeek.pcap"), log.logger())) {
      RawFrame frame = new RawFrame();
      while (reader.next(frame)) {
        wire += frame.wireLength();
        captured += frame.captureLength();
      }
    }

    // tshark -T fields -e frame.len -e frame.cap_len, summed.
    assertThat(wire).isEqualTo(1_057_964L);
    assertThat(captured).isEqualTo(78_694L);
  }

  @Test
  void readsNanosecondPcapTimestampsExactly() throws IOException {
    List<Frame> frames = readAll("nsec_pcap_http_to_ssh_zeek.pcap");

    // tshark -c1 -T fields -e frame.time_epoch: 1770126425.732560000
    assertThat(frames.get(0).timestampNanos()).isEqualTo(1_770_126_425_732_560_000L);
  }

  @Test
  void readsBothInterfacesOfTheMixedResolutionPcapng() throws IOException {
    List<Frame> frames = readAll("pcapng_multi_if_mixed_tsresol_zeek.pcapng");

    // tshark -T fields -e frame.time_epoch -e frame.cap_len
    assertThat(frames).extracting(Frame::timestampNanos)
        .containsExactly(
            1_767_663_089_500_330_493L,
            1_767_663_089_514_291_940L,
            1_767_663_437_111_897_000L,
            1_767_663_437_126_460_000L,
            1_767_663_437_128_303_000L,
            1_767_663_437_140_942_000L);
    assertThat(frames).extracting(Frame::captureLength).containsExactly(96, 214, 70, 166, 70, 182);
  }

  @Test
  void readsTheBigEndianPcapAndTheLinuxCookedLinkTypes() throws IOException {
    Frame nfs = readAll("bigendian_pcap_nfs3_suricata.pcap").get(0);
    assertThat(nfs.timestampNanos()).isEqualTo(944_207_397_280_000_000L);
    assertThat(nfs.wireLength()).isEqualTo(106);

    assertThat(readAll("sll_v1_arp_zeek.pcap")).extracting(Frame::linkType).containsOnly(LinkTypes.LINUX_SLL);
    assertThat(readAll("sll_v2_icmp_zeek.pcap")).extracting(Frame::linkType).containsOnly(LinkTypes.LINUX_SLL2);
  }

  private List<Frame> readAll(String name) throws IOException {
    try (CaptureFileReader reader = new CaptureFileReader(corpus.resolve(name), log.logger())) {
      return Frame.readAll(reader);
    }
  }

  private static boolean isCapture(Path file) {
    String name = file.getFileName().toString();
    return name.endsWith(".pcap") || name.endsWith(".pcapng");
  }
}
