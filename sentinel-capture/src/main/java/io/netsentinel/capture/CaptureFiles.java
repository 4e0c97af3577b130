package io.netsentinel.capture;

import io.netsentinel.api.PacketSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;

/** Opens capture files: pcap or pcapng, recognised by their content, never by their name. */
public final class CaptureFiles {
  private CaptureFiles() {}

  /**
   * Opens {@code path}: a capture file, or a directory whose regular files (not its subdirectories) are read in name
   * order as one stream, skipping, with a warning, files that are not captures.
   *
   * @param log receives the warnings about truncated, damaged and skipped files
   * @throws CaptureFormatException when the file is not a capture, or the directory holds none
   * @throws IOException when the path does not exist or cannot be read; the message names it
   */
  public static PacketSource open(Path path, Logger log) throws IOException {
    if (Files.isDirectory(path)) {
      return CaptureDirectorySource.open(path, log);
    }
    return new CaptureFileReader(path, log);
  }
}
