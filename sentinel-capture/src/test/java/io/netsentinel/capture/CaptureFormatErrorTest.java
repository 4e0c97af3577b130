package io.netsentinel.capture;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netsentinel.api.LinkTypes;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptureFormatErrorTest {
  @TempDir Path dir;
  private final RecordingLog log = new RecordingLog();

  @Test
  void rejectsAnEmptyFileNamingIt() throws IOException {
    Path file = Files.write(dir.resolve("empty.pcap"), new byte[0]);

    assertThatThrownBy(() -> CaptureFiles.open(file, log.logger()))
        .isInstanceOf(CaptureFormatException.class)
        .hasMessage(file + ": empty file, not a pcap or pcapng capture");
  }

  @Test
  void rejectsATenBytePcapStubAsTooShortForTheHeader() throws IOException {
    byte[] header = CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, false, LinkTypes.ETHERNET, 65535).bytes();
    Path file = Files.write(dir.resolve("stub.pcap"), Arrays.copyOf(header, 10));

    assertThatThrownBy(() -> CaptureFiles.open(file, log.logger()))
        .isInstanceOf(CaptureFormatException.class)
        .hasMessage(file + ": too short for a pcap header (10 bytes, need 24)");
  }

  @Test
  void rejectsATenBytePcapngStubAsTooShortForTheSectionHeader() throws IOException {
    byte[] header = CaptureBytes.pcapng(ByteOrder.LITTLE_ENDIAN).bytes();
    Path file = Files.write(dir.resolve("stub.pcapng"), Arrays.copyOf(header, 10));

    assertThatThrownBy(() -> CaptureFiles.open(file, log.logger()))
        .isInstanceOf(CaptureFormatException.class)
        .hasMessageStartingWith(file + ": too short for a pcapng section header");
  }

  @Test
  void rejectsATextFileShowingItsFirstBytes() throws IOException {
    Path file = Files.writeString(dir.resolve("notes.pcap"), "<!DOCTYPE html><html></html>\n");

    assertThatThrownBy(() -> CaptureFiles.open(file, log.logger()))
        .isInstanceOf(CaptureFormatException.class)
        .hasMessage(file + ": not a pcap or pcapng file (starts with 3c 21 44 4f)");
  }

  @Test
  void rejectsAPcapngHeaderWithoutAValidByteOrderMagic() throws IOException {
    byte[] bytes = CaptureBytes.pcapng(ByteOrder.LITTLE_ENDIAN).bytes();
    bytes[8] = 0x11;
    Path file = Files.write(dir.resolve("bom.pcapng"), bytes);

    assertThatThrownBy(() -> CaptureFiles.open(file, log.logger()))
        .isInstanceOf(CaptureFormatException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("byte-order magic (11 3c 2b 1a)");
  }

  @Test
  void rejectsATwoByteFile() throws IOException {
    Path file = Files.write(dir.resolve("tiny"), "hi".getBytes(StandardCharsets.US_ASCII));

    assertThatThrownBy(() -> CaptureFiles.open(file, log.logger()))
        .isInstanceOf(CaptureFormatException.class)
        .hasMessage(file + ": too short to be a pcap or pcapng file (2 bytes, starts with 68 69)");
  }

  @Test
  void reportsAMissingFileByName() {
    Path file = dir.resolve("nowhere.pcap");

    assertThatThrownBy(() -> CaptureFiles.open(file, log.logger()))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessage(file + ": no such file");
  }
}
