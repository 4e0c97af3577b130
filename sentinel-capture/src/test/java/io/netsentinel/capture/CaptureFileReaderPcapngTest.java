package io.netsentinel.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsentinel.api.LinkTypes;
import io.netsentinel.api.RawFrame;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptureFileReaderPcapngTest {
  private static final int NANOS = 9;
  private static final int DEFAULT_MICROS = -1;

  @TempDir Path dir;
  private final RecordingLog log = new RecordingLog();

  @Test
  void readsLittleEndianPcapngWithTwoInterfacesAndEveryPacketBlockType() throws IOException {
    assertReadsMixedBlocks(ByteOrder.LITTLE_ENDIAN);
  }

  @Test
  void readsBigEndianPcapngWithTwoInterfacesAndEveryPacketBlockType() throws IOException {
    assertReadsMixedBlocks(ByteOrder.BIG_ENDIAN);
  }

  private void assertReadsMixedBlocks(ByteOrder order) throws IOException {
    Path file =
        CaptureBytes.pcapng(order)
            .interfaceBlock(LinkTypes.ETHERNET, 64, NANOS)
            .block(0x0BAD, CaptureBytes.payload(37, 9))
            .interfaceBlock(LinkTypes.LINUX_SLL, 65535, DEFAULT_MICROS)
            .enhancedPacket(0, 1_700_000_000_123_456_789L, CaptureBytes.payload(60, 1), 60)
            .enhancedPacket(1, 1_700_000_001_000_001L, CaptureBytes.payload(63, 2), 1514)
            .block(5, new byte[24])
            .obsoletePacket(1, 1_700_000_002_500_000L, CaptureBytes.payload(30, 3), 31)
            .simplePacket(CaptureBytes.payload(64, 4), 1500)
            .simplePacket(CaptureBytes.payload(10, 5), 10)
            .writeTo(dir, "mixed.pcapng");

    List<Frame> frames;
    try (CaptureFileReader reader = new CaptureFileReader(file, log.logger())) {
      frames = Frame.readAll(reader);
      assertThat(reader.truncated()).isFalse();
      assertThat(reader.stats().received()).isEqualTo(5);
      assertThat(reader.stats().bytesRead()).isEqualTo(Files.size(file));
    }

    assertThat(frames).extracting(Frame::linkType)
        .containsExactly(
            LinkTypes.ETHERNET, LinkTypes.LINUX_SLL, LinkTypes.LINUX_SLL, LinkTypes.ETHERNET, LinkTypes.ETHERNET);
    assertThat(frames).extracting(Frame::timestampNanos)
        .containsExactly(
            1_700_000_000_123_456_789L,
            1_700_000_001_000_001_000L,
            1_700_000_002_500_000_000L,
            1_700_000_002_500_000_000L,
            1_700_000_002_500_000_000L);
    assertThat(frames).extracting(Frame::captureLength).containsExactly(60, 63, 30, 64, 10);
    assertThat(frames).extracting(Frame::wireLength).containsExactly(60, 1514, 31, 1500, 10);
    assertThat(frames.get(1).data()).isEqualTo(CaptureBytes.payload(63, 2));
    assertThat(frames.get(2).data()).isEqualTo(CaptureBytes.payload(30, 3));
    assertThat(frames.get(4).data()).isEqualTo(CaptureBytes.payload(10, 5));
    assertThat(log.warnings()).isEmpty();
  }

  @Test
  void cutsSimplePacketsToTheInterfaceSnaplen() throws IOException {
    Path file =
        CaptureBytes.pcapng(ByteOrder.LITTLE_ENDIAN)
            .interfaceBlock(LinkTypes.ETHERNET, 40, DEFAULT_MICROS)
            .simplePacket(CaptureBytes.payload(44, 0), 1500)
            .writeTo(dir, "spb.pcapng");

    Frame frame = readAll(file).get(0);

    assertThat(frame.captureLength()).isEqualTo(40);
    assertThat(frame.wireLength()).isEqualTo(1500);
    assertThat(frame.data()).isEqualTo(CaptureBytes.payload(40, 0));
  }

  @Test
  void convertsPowerOfTwoResolutionsToNanoseconds() throws IOException {
    Path file =
        CaptureBytes.pcapng(ByteOrder.BIG_ENDIAN)
            .interfaceBlock(LinkTypes.RAW, 0, 0x80 | 10)
            .interfaceBlock(LinkTypes.RAW, 0, 0x80 | 20)
            .interfaceBlock(LinkTypes.RAW, 0, 0x80 | 40)
            .enhancedPacket(0, 5 * 1024 + 512, CaptureBytes.payload(20, 0), 20)
            .enhancedPacket(1, 1, CaptureBytes.payload(20, 0), 20)
            .enhancedPacket(2, (7L << 40) + (1L << 38), CaptureBytes.payload(20, 0), 20)
            .writeTo(dir, "binary.pcapng");

    assertThat(readAll(file)).extracting(Frame::timestampNanos)
        .containsExactly(5_500_000_000L, 953L, 7_250_000_000L);
  }

  @Test
  void convertsCoarseAndFineDecimalResolutionsToNanoseconds() throws IOException {
    Path file =
        CaptureBytes.pcapng(ByteOrder.LITTLE_ENDIAN)
            .interfaceBlock(LinkTypes.RAW, 0, 3)
            .interfaceBlock(LinkTypes.RAW, 0, 12)
            .enhancedPacket(0, 1_234_567, CaptureBytes.payload(20, 0), 20)
            .enhancedPacket(1, 1_234_567_891_234L, CaptureBytes.payload(20, 0), 20)
            .writeTo(dir, "decimal.pcapng");

    assertThat(readAll(file)).extracting(Frame::timestampNanos)
        .containsExactly(1_234_567_000_000L, 1_234_567_891L);
  }

  @Test
  void addsTheInterfaceTimestampOffset() throws IOException {
    Path file =
        CaptureBytes.pcapng(ByteOrder.LITTLE_ENDIAN)
            .interfaceBlock(LinkTypes.ETHERNET, 0, DEFAULT_MICROS, 1_600_000_000L)
            .enhancedPacket(0, 2_000_003, CaptureBytes.payload(20, 0), 20)
            .writeTo(dir, "offset.pcapng");

    assertThat(readAll(file).get(0).timestampNanos()).isEqualTo(1_600_000_002_000_003_000L);
  }

  @Test
  void aNewSectionResetsTheInterfacesAndMaySwitchByteOrder() throws IOException {
    Path file =
        CaptureBytes.pcapng(ByteOrder.LITTLE_ENDIAN)
            .interfaceBlock(LinkTypes.ETHERNET, 0, DEFAULT_MICROS)
            .interfaceBlock(LinkTypes.LINUX_SLL, 0, DEFAULT_MICROS)
            .enhancedPacket(1, 1_000_000, CaptureBytes.payload(20, 1), 20)
            .section(ByteOrder.BIG_ENDIAN)
            .interfaceBlock(LinkTypes.RAW, 0, NANOS)
            .enhancedPacket(0, 3_000_000_007L, CaptureBytes.payload(24, 2), 24)
            .writeTo(dir, "sections.pcapng");

    List<Frame> frames = readAll(file);

    assertThat(frames).extracting(Frame::linkType).containsExactly(LinkTypes.LINUX_SLL, LinkTypes.RAW);
    assertThat(frames).extracting(Frame::timestampNanos).containsExactly(1_000_000_000L, 3_000_000_007L);
    assertThat(frames.get(1).data()).isEqualTo(CaptureBytes.payload(24, 2));
    assertThat(log.warnings()).isEmpty();
  }

  @Test
  void endsAsCorruptAtAPacketForAnInterfaceOfAnEarlierSection() throws IOException {
    Path file =
        CaptureBytes.pcapng(ByteOrder.LITTLE_ENDIAN)
            .interfaceBlock(LinkTypes.ETHERNET, 0, DEFAULT_MICROS)
            .interfaceBlock(LinkTypes.LINUX_SLL, 0, DEFAULT_MICROS)
            .enhancedPacket(1, 1_000_000, CaptureBytes.payload(20, 1), 20)
            .section(ByteOrder.LITTLE_ENDIAN)
            .interfaceBlock(LinkTypes.RAW, 0, NANOS)
            .enhancedPacket(1, 3_000_000_007L, CaptureBytes.payload(24, 2), 24)
            .writeTo(dir, "stale-interface.pcapng");

    try (CaptureFileReader reader = new CaptureFileReader(file, log.logger())) {
      assertThat(Frame.readAll(reader)).hasSize(1);
      assertThat(reader.truncated()).isTrue();
    }
    assertThat(log.warnings()).singleElement().asString().contains("refers to interface 1", "after 1 frames");
  }

  @Test
  void skipsAnUnknownBlockLargerThanTheBufferWithoutReadingIt() throws IOException {
    Path file =
        CaptureBytes.pcapng(ByteOrder.LITTLE_ENDIAN)
            .interfaceBlock(LinkTypes.ETHERNET, 0, DEFAULT_MICROS)
            .block(0x40000BAD, CaptureBytes.payload(10_000, 7))
            .enhancedPacket(0, 42, CaptureBytes.payload(100, 3), 100)
            .writeTo(dir, "big-custom.pcapng");

    List<Frame> frames;
    try (CaptureFileReader reader = new CaptureFileReader(file, log.logger(), 64)) {
      frames = Frame.readAll(reader);
      assertThat(reader.truncated()).isFalse();
    }

    assertThat(frames).singleElement().satisfies(frame -> {
      assertThat(frame.data()).isEqualTo(CaptureBytes.payload(100, 3));
      assertThat(frame.timestampNanos()).isEqualTo(42_000L);
    });
  }

  @Test
  void stopsWithAWarningAtABlockLengthThatIsNotAMultipleOfFour() throws IOException {
    Path file =
        CaptureBytes.pcapng(ByteOrder.BIG_ENDIAN)
            .interfaceBlock(LinkTypes.ETHERNET, 0, DEFAULT_MICROS)
            .enhancedPacket(0, 1, CaptureBytes.payload(20, 0), 20)
            .u32(6).u32(45).raw(new byte[60])
            .writeTo(dir, "odd-length.pcapng");

    try (CaptureFileReader reader = new CaptureFileReader(file, log.logger())) {
      assertThat(Frame.readAll(reader)).hasSize(1);
      assertThat(reader.truncated()).isTrue();
    }
    assertThat(log.warnings())
        .singleElement()
        .asString()
        .contains("odd-length.pcapng", "invalid length 45", "after 1 frames", "the rest is ignored");
  }

  @Test
  void stopsWithAWarningWhenTheTrailingLengthDisagrees() throws IOException {
    byte[] good =
        CaptureBytes.pcapng(ByteOrder.LITTLE_ENDIAN)
            .interfaceBlock(LinkTypes.ETHERNET, 0, DEFAULT_MICROS)
            .enhancedPacket(0, 1, CaptureBytes.payload(20, 0), 20)
            .enhancedPacket(0, 2, CaptureBytes.payload(20, 0), 20)
            .bytes();
    good[good.length - 4] ^= 0x40;
    Path file = Files.write(dir.resolve("bad-trailer.pcapng"), good);

    try (CaptureFileReader reader = new CaptureFileReader(file, log.logger())) {
      assertThat(Frame.readAll(reader)).hasSize(1);
      assertThat(reader.truncated()).isTrue();
    }
    assertThat(log.warnings()).singleElement().asString().contains("trailing length", "after 1 frames");
  }

  @Test
  void treatsACaptureLengthBeyondItsBlockAsCorruption() throws IOException {
    byte[] bytes =
        CaptureBytes.pcapng(ByteOrder.LITTLE_ENDIAN)
            .interfaceBlock(LinkTypes.ETHERNET, 0, DEFAULT_MICROS)
            .enhancedPacket(0, 1, CaptureBytes.payload(20, 0), 20)
            .bytes();
    // The EPB's caplen sits 20 bytes into the block, which starts 20 + 12 + 32 bytes before the end.
    int caplenAt = bytes.length - 64 + 20;
    bytes[caplenAt] = (byte) 200;
    Path file = Files.write(dir.resolve("caplen.pcapng"), bytes);

    try (CaptureFileReader reader = new CaptureFileReader(file, log.logger())) {
      assertThat(reader.next(new RawFrame())).isFalse();
      assertThat(reader.truncated()).isTrue();
    }
    assertThat(log.warnings()).singleElement().asString().contains("claims 200 captured bytes");
  }

  private List<Frame> readAll(Path file) throws IOException {
    try (CaptureFileReader reader = new CaptureFileReader(file, log.logger())) {
      return Frame.readAll(reader);
    }
  }
}
