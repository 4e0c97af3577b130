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
  /** {@code tshark -r FILE -T fields -e frame.number | wc -l}, kept in {@code testdata/corpus-frame-counts.tsv}. */
  private static final Map<String, Long> TSHARK_FRAME_COUNTS = CorpusCounts.load();

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
