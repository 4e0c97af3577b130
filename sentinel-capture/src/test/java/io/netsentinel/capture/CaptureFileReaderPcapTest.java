package io.netsentinel.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsentinel.api.LinkTypes;
import io.netsentinel.api.RawFrame;
import io.netsentinel.api.SourceStats;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptureFileReaderPcapTest {
  private static final long SECONDS = 1_700_000_000L;

  @TempDir Path dir;
  private final RecordingLog log = new RecordingLog();

  @Test
  void readsLittleEndianMicrosecondPcapTimestampsExactly() throws IOException {
    assertReadsThreeFrames(ByteOrder.LITTLE_ENDIAN, false);
  }

  @Test
  void readsBigEndianMicrosecondPcapTimestampsExactly() throws IOException {
    assertReadsThreeFrames(ByteOrder.BIG_ENDIAN, false);
  }

  @Test
  void readsLittleEndianNanosecondPcapTimestampsExactly() throws IOException {
    assertReadsThreeFrames(ByteOrder.LITTLE_ENDIAN, true);
  }

  @Test
  void readsBigEndianNanosecondPcapTimestampsExactly() throws IOException {
    assertReadsThreeFrames(ByteOrder.BIG_ENDIAN, true);
  }

  private void assertReadsThreeFrames(ByteOrder order, boolean nanos) throws IOException {
    long unit = nanos ? 1 : 1000;
    Path file =
        CaptureBytes.pcap(order, nanos, LinkTypes.LINUX_SLL, 96)
            .record(SECONDS, 123_456, CaptureBytes.payload(60, 1), 60)
            .record(SECONDS + 1, nanos ? 999_999_999 : 999_999, CaptureBytes.payload(96, 2), 1514)
            .record(SECONDS + 2, 0, CaptureBytes.payload(0, 3), 0)
            .writeTo(dir, "three.cap");

    List<Frame> frames;
    try (CaptureFileReader reader = new CaptureFileReader(file, log.logger())) {
      frames = Frame.readAll(reader);
      assertThat(reader.truncated()).isFalse();
    }

    assertThat(frames).hasSize(3);
    assertThat(frames).extracting(Frame::timestampNanos)
        .containsExactly(
            SECONDS * 1_000_000_000L + 123_456 * unit,
            (SECONDS + 1) * 1_000_000_000L + (nanos ? 999_999_999 : 999_999_000),
            (SECONDS + 2) * 1_000_000_000L);
    assertThat(frames).extracting(Frame::captureLength).containsExactly(60, 96, 0);
    assertThat(frames).extracting(Frame::wireLength).containsExactly(60, 1514, 0);
    assertThat(frames).extracting(Frame::linkType).containsOnly(LinkTypes.LINUX_SLL);
    assertThat(frames.get(1).data()).isEqualTo(CaptureBytes.payload(96, 2));
    assertThat(log.warnings()).isEmpty();
  }

  @Test
  void readsSecondsAboveTwoToTheThirtyOneAsUnsigned() throws IOException {
    Path file =
        CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, true, LinkTypes.ETHERNET, 65535)
            .record(0xF000_0000L, 5, CaptureBytes.payload(10, 0), 10)
            .writeTo(dir, "future.pcap");

    List<Frame> frames = readAll(file);

    assertThat(frames.get(0).timestampNanos()).isEqualTo(0xF000_0000L * 1_000_000_000L + 5);
  }

  @Test
  void takesTheLinkTypeFromTheLowBitsAndIgnoresTheFcsBits() throws IOException {
    int network = (1 << 28) | (2 << 26) | LinkTypes.RAW;
    Path file =
        CaptureBytes.pcap(ByteOrder.BIG_ENDIAN, false, network, 65535)
            .record(1, 0, CaptureBytes.payload(20, 0), 20)
            .writeTo(dir, "fcs.pcap");

    assertThat(readAll(file).get(0).linkType()).isEqualTo(LinkTypes.RAW);
  }

  @Test
  void readsEveryFrameThroughATinyBufferThatMustGrowAndCompact() throws IOException {
    CaptureBytes bytes = CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, false, LinkTypes.ETHERNET, 65535);
    for (int i = 0; i < 50; i++) {
      bytes.record(SECONDS + i, i, CaptureBytes.payload(i * 37 % 700, i), 1500);
    }
    Path file = bytes.writeTo(dir, "many.pcap");

    List<Frame> frames;
    try (CaptureFileReader reader = new CaptureFileReader(file, log.logger(), 64)) {
      frames = Frame.readAll(reader);
    }

    assertThat(frames).hasSize(50);
    for (int i = 0; i < 50; i++) {
      assertThat(frames.get(i).data()).as("frame %d", i).isEqualTo(CaptureBytes.payload(i * 37 % 700, i));
      assertThat(frames.get(i).timestampNanos()).isEqualTo((SECONDS + i) * 1_000_000_000L + i * 1000L);
    }
  }

  @Test
  void reportsReceivedFramesAndPositionInStats() throws IOException {
    Path file =
        CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, false, LinkTypes.ETHERNET, 65535)
            .record(1, 0, CaptureBytes.payload(40, 0), 40)
            .record(2, 0, CaptureBytes.payload(40, 0), 40)
            .writeTo(dir, "two.pcap");
    long size = Files.size(file);

    try (CaptureFileReader reader = new CaptureFileReader(file, log.logger())) {
      RawFrame frame = new RawFrame();
      assertThat(reader.next(frame)).isTrue();
      assertThat(reader.stats()).isEqualTo(new SourceStats(1, -1, -1, 24 + 16 + 40, size));
      assertThat(reader.next(frame)).isTrue();
      assertThat(reader.next(frame)).isFalse();
      assertThat(reader.stats()).isEqualTo(new SourceStats(2, -1, -1, size, size));
      assertThat(reader.next(frame)).isFalse();
    }
  }

  @Test
  void stopsWithOneWarningAtARecordClaimingMoreThanTheSanityLimit() throws IOException {
    Path file =
        CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, false, LinkTypes.ETHERNET, 65535)
            .record(1, 0, CaptureBytes.payload(40, 0), 40)
            .u32(2).u32(0).u32(CaptureFileReader.MAX_CAPLEN + 1).u32(100)
            .raw(new byte[300_000])
            .writeTo(dir, "corrupt.pcap");

    try (CaptureFileReader reader = new CaptureFileReader(file, log.logger())) {
      assertThat(Frame.readAll(reader)).hasSize(1);
      assertThat(reader.truncated()).isTrue();
      assertThat(reader.next(new RawFrame())).isFalse();
    }
    assertThat(log.warnings())
        .singleElement()
        .asString()
        .contains("corrupt.pcap", "262145 captured bytes", "after 1 frames", "the rest is ignored");
  }

  private List<Frame> readAll(Path file) throws IOException {
    try (CaptureFileReader reader = new CaptureFileReader(file, log.logger())) {
      return Frame.readAll(reader);
    }
  }
}
