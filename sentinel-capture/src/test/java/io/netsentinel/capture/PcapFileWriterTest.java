package io.netsentinel.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netsentinel.api.LinkTypes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcapFileWriterTest {
  @TempDir Path dir;
  private final RecordingLog log = new RecordingLog();

  @Test
  void writesALittleEndianMicrosecondHeaderByDefault() throws IOException {
    Path file = dir.resolve("header.pcap");
    try (PcapFileWriter writer = new PcapFileWriter(file, LinkTypes.LINUX_SLL2, 1234)) {
      writer.write(0, new byte[0], 0, 0, 0);
    }

    byte[] bytes = Files.readAllBytes(file);

    assertThat(Arrays.copyOf(bytes, 24))
        .containsExactly(
            0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xd2, 0x04, 0, 0, 0x14, 0x01, 0, 0);
  }

  @Test
  void roundTripsMicrosecondFramesThroughTheReader() throws IOException {
    Path file = dir.resolve("micros.pcap");
    try (PcapFileWriter writer = new PcapFileWriter(file, LinkTypes.ETHERNET, 100)) {
      writer.write(1_700_000_000_123_456_789L, CaptureBytes.payload(80, 1), 10, 60, 60);
      writer.write(1_700_000_001_000_000_999L, CaptureBytes.payload(150, 2), 0, 150, 1514);
      assertThat(writer.framesWritten()).isEqualTo(2);
    }

    List<Frame> frames = read(file);

    assertThat(frames).extracting(Frame::timestampNanos)
        .containsExactly(1_700_000_000_123_456_000L, 1_700_000_001_000_000_000L);
    assertThat(frames.get(0).data()).isEqualTo(Arrays.copyOfRange(CaptureBytes.payload(80, 1), 10, 70));
    assertThat(frames).extracting(Frame::captureLength).containsExactly(60, 100);
    assertThat(frames).extracting(Frame::wireLength).containsExactly(60, 1514);
    assertThat(frames).extracting(Frame::linkType).containsOnly(LinkTypes.ETHERNET);
  }

  @Test
  void keepsNanosecondTimestampsExactWhenAsked() throws IOException {
    Path file = dir.resolve("nanos.pcap");
    try (PcapFileWriter writer = new PcapFileWriter(file, LinkTypes.RAW, 65535, true)) {
      writer.write(1_700_000_000_123_456_789L, CaptureBytes.payload(20, 1), 0, 20, 20);
    }

    assertThat(Files.readAllBytes(file)[0]).isEqualTo((byte) 0x4d);
    assertThat(read(file)).singleElement().extracting(Frame::timestampNanos).isEqualTo(1_700_000_000_123_456_789L);
  }

  @Test
  void refusesAWireLengthShorterThanTheCapture() throws IOException {
    try (PcapFileWriter writer = new PcapFileWriter(dir.resolve("bad.pcap"), LinkTypes.RAW, 65535)) {
      assertThatThrownBy(() -> writer.write(0, new byte[10], 0, 10, 9))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("wire length 9");
    }
  }

  @Property(tries = 40)
  void anyFramesSurviveAWriteAndReadThroughATinyBuffer(
      @ForAll @Size(max = 30) List<@IntRange(max = 3000) Integer> lengths,
      @ForAll @LongRange(max = 4_000_000_000L) long firstSecond)
      throws IOException {
    Path file = Files.createTempFile("roundtrip", ".pcap");
    try {
      List<Frame> written = new ArrayList<>();
      try (PcapFileWriter writer = new PcapFileWriter(file, LinkTypes.ETHERNET, 2048, true)) {
        long ts = firstSecond * 1_000_000_000L;
        for (int i = 0; i < lengths.size(); i++) {
          byte[] data = CaptureBytes.payload(lengths.get(i), i);
          writer.write(ts + i * 7919L, data, 0, data.length, data.length);
          written.add(
              new Frame(Arrays.copyOf(data, Math.min(data.length, 2048)), data.length, LinkTypes.ETHERNET, ts + i * 7919L));
        }
      }

      List<Frame> read;
      try (CaptureFileReader reader = new CaptureFileReader(file, log.logger(), 100)) {
        read = Frame.readAll(reader);
        assertThat(reader.truncated()).isFalse();
      }

      assertThat(read).usingRecursiveFieldByFieldElementComparator().containsExactlyElementsOf(written);
    } finally {
      Files.delete(file);
    }
  }

  private List<Frame> read(Path file) throws IOException {
    try (CaptureFileReader reader = new CaptureFileReader(file, log.logger())) {
      return Frame.readAll(reader);
    }
  }
}
