package io.netsentinel.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netsentinel.api.LinkTypes;
import io.netsentinel.api.PacketSource;
import io.netsentinel.api.RawFrame;
import io.netsentinel.api.SourceStats;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptureFilesTest {
  @TempDir Path dir;
  private final RecordingLog log = new RecordingLog();

  private static CaptureBytes pcapWithSeconds(long... seconds) {
    CaptureBytes bytes = CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, false, LinkTypes.ETHERNET, 65535);
    for (long s : seconds) {
      bytes.record(s, 0, CaptureBytes.payload(50, (int) s), 50);
    }
    return bytes;
  }

  @Test
  void readsADirectoryInNameOrderAsOneStreamSkippingFilesThatAreNotCaptures() throws IOException {
    // Written out of order, and with a pcapng among them, so neither creation order nor extension decides.
    pcapWithSeconds(5, 6).writeTo(dir, "c.pcap");
    pcapWithSeconds(1, 2).writeTo(dir, "a.pcap");
    Path notes = Files.writeString(dir.resolve("b-notes.txt"), "capture notes, not a capture\n");
    CaptureBytes.pcapng(ByteOrder.BIG_ENDIAN)
        .interfaceBlock(LinkTypes.RAW, 0, 0)
        .enhancedPacket(0, 3, CaptureBytes.payload(50, 3), 50)
        .writeTo(dir, "b.dump");
    Path sub = Files.createDirectory(dir.resolve("b-sub"));
    pcapWithSeconds(99).writeTo(sub, "inner.pcap");
    long totalSize = 0;
    for (String name : List.of("a.pcap", "b-notes.txt", "b.dump", "c.pcap")) {
      totalSize += Files.size(dir.resolve(name));
    }

    try (PacketSource source = CaptureFiles.open(dir, log.logger())) {
      List<Frame> frames = Frame.readAll(source);

      assertThat(frames).extracting(Frame::timestampNanos)
          .containsExactly(1_000_000_000L, 2_000_000_000L, 3_000_000_000L, 5_000_000_000L, 6_000_000_000L);
      assertThat(frames).extracting(Frame::linkType)
          .containsExactly(LinkTypes.ETHERNET, LinkTypes.ETHERNET, LinkTypes.RAW, LinkTypes.ETHERNET, LinkTypes.ETHERNET);
      assertThat(frames.get(2).data()).isEqualTo(CaptureBytes.payload(50, 3));
      assertThat(source.stats()).isEqualTo(new SourceStats(5, -1, -1, totalSize, totalSize));
      assertThat(source.next(new RawFrame())).isFalse();
    }
    assertThat(log.warnings())
        .singleElement()
        .asString()
        .startsWith(notes + ": not a pcap or pcapng file")
        .endsWith("skipping it");
  }

  @Test
  void countsFramesAcrossFilesWhileReading() throws IOException {
    pcapWithSeconds(1, 2).writeTo(dir, "1.pcap");
    pcapWithSeconds(3).writeTo(dir, "2.pcap");

    try (PacketSource source = CaptureFiles.open(dir, log.logger())) {
      RawFrame frame = new RawFrame();
      source.next(frame);
      source.next(frame);
      source.next(frame);

      long sizes = Files.size(dir.resolve("1.pcap")) + Files.size(dir.resolve("2.pcap"));
      assertThat(source.stats()).isEqualTo(new SourceStats(3, -1, -1, sizes, sizes));
    }
  }

  @Test
  void keepsReadingTheNextFileAfterATruncatedOne() throws IOException {
    byte[] first = pcapWithSeconds(1, 2).bytes();
    Files.write(dir.resolve("1.pcap"), Arrays.copyOf(first, first.length - 10));
    pcapWithSeconds(3).writeTo(dir, "2.pcap");

    try (PacketSource source = CaptureFiles.open(dir, log.logger())) {
      assertThat(Frame.readAll(source)).extracting(Frame::timestampNanos)
          .containsExactly(1_000_000_000L, 3_000_000_000L);
      assertThat(((CaptureDirectorySource) source).truncated()).isTrue();
    }
    assertThat(log.warnings()).singleElement().asString().contains("1.pcap: truncated", "after 1 frames");
  }

  @Test
  void rejectsAnEmptyDirectoryNamingIt() {
    assertThatThrownBy(() -> CaptureFiles.open(dir, log.logger()))
        .isInstanceOf(CaptureFormatException.class)
        .hasMessage(dir + ": no pcap or pcapng file in this directory (0 files looked at)");
  }

  @Test
  void rejectsADirectoryWithoutCaptureFiles() throws IOException {
    Files.writeString(dir.resolve("README"), "nothing here");
    Files.write(dir.resolve("empty.pcap"), new byte[0]);

    assertThatThrownBy(() -> CaptureFiles.open(dir, log.logger()))
        .isInstanceOf(CaptureFormatException.class)
        .hasMessage(dir + ": no pcap or pcapng file in this directory (2 files looked at)");
    assertThat(log.warnings()).hasSize(2);
  }

  @Test
  void opensASingleFileDirectly() throws IOException {
    Path file = pcapWithSeconds(7).writeTo(dir, "one.pcap");

    try (PacketSource source = CaptureFiles.open(file, log.logger())) {
      assertThat(Frame.readAll(source)).extracting(Frame::timestampNanos).containsExactly(7_000_000_000L);
    }
  }

  @Test
  void reportsAMissingPathByName() {
    Path missing = dir.resolve("gone");

    assertThatThrownBy(() -> CaptureFiles.open(missing, log.logger()))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessage(missing + ": no such file");
  }

  @Test
  void closingTwiceIsHarmless() throws IOException {
    pcapWithSeconds(1).writeTo(dir, "1.pcap");
    PacketSource source = CaptureFiles.open(dir, log.logger());

    source.close();
    source.close();

    assertThat(source.next(new RawFrame())).isFalse();
  }
}
