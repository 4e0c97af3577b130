package io.netsentinel.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsentinel.api.LinkTypes;
import io.netsentinel.api.RawFrame;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptureFileTruncationTest {
  @TempDir Path dir;
  private final RecordingLog log = new RecordingLog();

  private static byte[] threeRecordPcap() {
    return CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, false, LinkTypes.ETHERNET, 65535)
        .record(1, 0, CaptureBytes.payload(100, 1), 100)
        .record(2, 0, CaptureBytes.payload(100, 2), 100)
        .record(3, 0, CaptureBytes.payload(100, 3), 100)
        .bytes();
  }

  @Test
  void deliversEveryCompleteFrameOfAPcapCutInsideTheLastFrame() throws IOException {
    byte[] whole = threeRecordPcap();
    Path file = Files.write(dir.resolve("cut.pcap"), Arrays.copyOf(whole, whole.length - 30));

    assertEndsCleanlyAfterTwoFrames(file);
  }

  @Test
  void deliversEveryCompleteFrameOfAPcapCutInsideARecordHeader() throws IOException {
    byte[] whole = threeRecordPcap();
    Path file = Files.write(dir.resolve("cut-header.pcap"), Arrays.copyOf(whole, whole.length - 110));

    assertEndsCleanlyAfterTwoFrames(file);
  }

  @Test
  void deliversEveryCompleteFrameOfAPcapngCutInsideABlock() throws IOException {
    byte[] whole =
        CaptureBytes.pcapng(ByteOrder.BIG_ENDIAN)
            .interfaceBlock(LinkTypes.ETHERNET, 0, -1)
            .enhancedPacket(0, 1, CaptureBytes.payload(100, 1), 100)
            .enhancedPacket(0, 2, CaptureBytes.payload(100, 2), 100)
            .enhancedPacket(0, 3, CaptureBytes.payload(100, 3), 100)
            .bytes();
    Path file = Files.write(dir.resolve("cut.pcapng"), Arrays.copyOf(whole, whole.length - 50));

    assertEndsCleanlyAfterTwoFrames(file);
  }

  @Test
  void deliversEveryCompleteFrameOfAPcapngCutInsideABlockHeader() throws IOException {
    byte[] whole =
        CaptureBytes.pcapng(ByteOrder.LITTLE_ENDIAN)
            .interfaceBlock(LinkTypes.ETHERNET, 0, -1)
            .enhancedPacket(0, 1, CaptureBytes.payload(100, 1), 100)
            .enhancedPacket(0, 2, CaptureBytes.payload(100, 2), 100)
            .u32(6)
            .bytes();
    Path file = Files.write(dir.resolve("cut-header.pcapng"), whole);

    assertEndsCleanlyAfterTwoFrames(file);
  }

  @Test
  void reportsAnUncutFileAsNotTruncated() throws IOException {
    Path file = Files.write(dir.resolve("whole.pcap"), threeRecordPcap());

    try (CaptureFileReader reader = new CaptureFileReader(file, log.logger())) {
      assertThat(Frame.readAll(reader)).hasSize(3);
      assertThat(reader.truncated()).isFalse();
    }
    assertThat(log.warnings()).isEmpty();
  }

  private void assertEndsCleanlyAfterTwoFrames(Path file) throws IOException {
    try (CaptureFileReader reader = new CaptureFileReader(file, log.logger())) {
      List<Frame> frames = Frame.readAll(reader);

      assertThat(frames).extracting(Frame::data)
          .containsExactly(CaptureBytes.payload(100, 1), CaptureBytes.payload(100, 2));
      assertThat(reader.truncated()).isTrue();
      assertThat(reader.next(new RawFrame())).isFalse();
      assertThat(reader.stats().received()).isEqualTo(2);
    }
    assertThat(log.warnings())
        .containsExactly(file + ": truncated in the middle of a record after 2 frames; the rest is ignored");
  }
}
