package io.netsentinel.capture;

import io.netsentinel.api.PacketSource;
import io.netsentinel.api.RawFrame;
import io.netsentinel.api.SourceStats;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;

/**
 * The capture files of one directory, read in name order as one stream, so a rotated capture ({@code tcpdump -C})
 * is analysed as the continuous traffic it was. Only one file is open at a time.
 */
final class CaptureDirectorySource implements PacketSource {
  private final Path directory;
  private final List<Path> files;
  private final long bytesTotal;
  private final Logger log;

  private int nextFile;
  private CaptureFileReader current;
  private long receivedBefore;
  private long bytesBefore;
  private boolean truncated;
  private boolean closed;

  private CaptureDirectorySource(Path directory, List<Path> files, long bytesTotal, Logger log) {
    this.directory = directory;
    this.files = files;
    this.bytesTotal = bytesTotal;
    this.log = log;
  }

  /** Opens the first capture file of {@code directory}; an error when there is none. */
  static CaptureDirectorySource open(Path directory, Logger log) throws IOException {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
      for (Path entry : entries) {
        if (Files.isRegularFile(entry)) {
          files.add(entry);
        }
      }
    } catch (AccessDeniedException e) {
      throw new AccessDeniedException(directory.toString(), null, "cannot list the directory: permission denied");
    }
    files.sort(Comparator.comparing(file -> file.getFileName().toString()));
    long total = 0;
    for (Path file : files) {
      total += Files.size(file);
    }
    CaptureDirectorySource source = new CaptureDirectorySource(directory, List.copyOf(files), total, log);
    if (!source.advance()) {
      throw new CaptureFormatException(
          directory + ": no pcap or pcapng file in this directory (" + files.size() + " files looked at)");
    }
    return source;
  }

  /** True when any file ended early because it was cut off or damaged. */
  boolean truncated() {
    return truncated || (current != null && current.truncated());
  }

  @Override
  public boolean next(RawFrame frame) throws IOException {
    while (current != null) {
      if (current.next(frame)) {
        return true;
      }
      if (!advance()) {
        return false;
      }
    }
    return false;
  }

  /** Closes the current file and opens the next capture, skipping files that are not captures. */
  private boolean advance() throws IOException {
    finishCurrent();
    while (!closed && nextFile < files.size()) {
      Path file = files.get(nextFile++);
      try {
        current = new CaptureFileReader(file, log);
        return true;
      } catch (CaptureFormatException e) {
        log.warn("{}; skipping it", e.getMessage());
        bytesBefore += Files.size(file);
      }
    }
    return false;
  }

  private void finishCurrent() throws IOException {
    if (current == null) {
      return;
    }
    SourceStats stats = current.stats();
    receivedBefore += stats.received();
    bytesBefore += stats.bytesTotal();
    truncated |= current.truncated();
    CaptureFileReader finished = current;
    current = null;
    finished.close();
  }

  @Override
  public SourceStats stats() {
    long received = receivedBefore;
    long bytesRead = bytesBefore;
    if (current != null) {
      SourceStats stats = current.stats();
      received += stats.received();
      bytesRead += stats.bytesRead();
    }
    return new SourceStats(received, -1, -1, bytesRead, bytesTotal);
  }

  @Override
  public void close() throws IOException {
    closed = true;
    finishCurrent();
  }

  @Override
  public String toString() {
    return "captures in " + directory;
  }
}
