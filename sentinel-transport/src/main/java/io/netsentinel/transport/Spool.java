package io.netsentinel.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.zip.CRC32C;
import org.slf4j.Logger;

/**
 * A durable FIFO of records on disk: append-only segment files in one folder, read from a persisted cursor, deleted
 * once everything in them is acknowledged. A record is a one-byte marker, its length, a CRC32C and the bytes, so a
 * record cut short by a crash or damaged on disk is detected: a torn tail is truncated on open, a damaged segment is
 * skipped from the fault on, each with a warning, and nothing else is lost. The total size is bounded: past the limit
 * the oldest segment is dropped, and the records lost are counted.
 *
 * <p>Thread-safe: the engine's sink thread appends while the sender thread reads and acknowledges.
 */
final class Spool implements AutoCloseable {
  enum Fsync {
    /** After every record. */
    ALWAYS,
    /** When the caller asks ({@link #sync()}), which the sink does per batch of alerts. */
    BATCH,
    /** Never explicitly: the OS writes when it likes. */
    NEVER
  }

  /** Where a read stopped: the segment number and the byte offset in it. */
  record Position(long segment, long offset) {}

  /** Records read from the cursor on, and the position after the last of them. */
  record Batch(List<byte[]> records, Position end) {}

  private static final byte MARKER = (byte) 0xA5;
  private static final int HEADER = 9;
  static final int MAX_RECORD = 1 << 20;
  private static final String SUFFIX = ".seg";

  private final Path dir;
  private final long maxBytes;
  private final long segmentBytes;
  private final Fsync fsync;
  private final Logger log;
  private final TreeMap<Long, Long> segmentSizes = new TreeMap<>();

  private FileChannel writer;
  private long writerSegment;
  private Position cursor;
  private long pending;
  private long dropped;
  private long corruptSkipped;

  Spool(Path dir, long maxBytes, long segmentBytes, Fsync fsync, Logger log) throws IOException {
    this.dir = dir;
    this.maxBytes = maxBytes;
    this.segmentBytes = Math.min(segmentBytes, maxBytes);
    this.fsync = fsync;
    this.log = log;
    Files.createDirectories(dir);
    recover();
  }

  private void recover() throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
      for (Path f : files) {
        String name = f.getFileName().toString();
        try {
          segmentSizes.put(Long.parseLong(name.substring(0, name.length() - SUFFIX.length())), Files.size(f));
        } catch (NumberFormatException e) {
          log.warn("spool {}: ignoring {}, which is not a segment", dir, name);
        }
      }
    }
    cursor = readCursor();
    if (segmentSizes.isEmpty()) {
      openWriter(Math.max(1, cursor.segment()));
    } else {
      long last = segmentSizes.lastKey();
      long good = validLength(last);
      long size = segmentSizes.get(last);
      if (good < size) {
        log.warn("spool {}: segment {} ends with {} bytes of a record cut short (a crash while writing?); truncated",
            dir, last, size - good);
        try (FileChannel ch = FileChannel.open(segment(last), StandardOpenOption.WRITE)) {
          ch.truncate(good);
        }
        segmentSizes.put(last, good);
      }
      openWriter(last);
    }
    if (!segmentSizes.containsKey(cursor.segment())) {
      cursor = new Position(segmentSizes.firstKey(), 0);
    }
    pending = countFrom(cursor);
    if (pending > 0) {
      log.info("spool {}: {} alerts wait to be sent from an earlier run", dir, pending);
    }
  }

  private Position readCursor() throws IOException {
    try {
      String[] parts = Files.readString(dir.resolve("cursor"), StandardCharsets.US_ASCII).trim().split(" ");
      return new Position(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
    } catch (NoSuchFileException e) {
      return new Position(segmentSizes.isEmpty() ? 1 : segmentSizes.firstKey(), 0);
    } catch (RuntimeException e) {
      log.warn("spool {}: the cursor file is damaged; resending from the oldest segment (the server drops repeats)",
          dir);
      return new Position(segmentSizes.isEmpty() ? 1 : segmentSizes.firstKey(), 0);
    }
  }

  private void writeCursor() throws IOException {
    Path tmp = dir.resolve("cursor.tmp");
    Files.writeString(tmp, cursor.segment() + " " + cursor.offset() + "\n", StandardCharsets.US_ASCII);
    try {
      Files.move(tmp, dir.resolve("cursor"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, dir.resolve("cursor"), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private Path segment(long n) {
    return dir.resolve(String.format("%020d%s", n, SUFFIX));
  }

  private void openWriter(long n) throws IOException {
    if (writer != null) {
      writer.force(false);
      writer.close();
    }
    writer = FileChannel.open(segment(n), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND);
    writerSegment = n;
    segmentSizes.putIfAbsent(n, writer.size());
  }

  /** Appends one record. */
  synchronized void append(byte[] record) {
    if (record.length > MAX_RECORD) {
      throw new IllegalArgumentException("record of " + record.length + " bytes is over the 1 MiB limit");
    }
    try {
      if (segmentSizes.get(writerSegment) >= segmentBytes) {
        openWriter(writerSegment + 1);
      }
      ByteBuffer buf = ByteBuffer.allocate(HEADER + record.length);
      CRC32C crc = new CRC32C();
      crc.update(record);
      buf.put(MARKER).putInt(record.length).putInt((int) crc.getValue()).put(record).flip();
      while (buf.hasRemaining()) {
        writer.write(buf);
      }
      if (fsync == Fsync.ALWAYS) {
        writer.force(false);
      }
      segmentSizes.merge(writerSegment, (long) HEADER + record.length, Long::sum);
      pending++;
      enforceLimit();
    } catch (IOException e) {
      throw new UncheckedIOException("spool " + dir + ": cannot append: " + e.getMessage(), e);
    }
  }

  /** Forces appended records to disk (the per-batch fsync). */
  synchronized void sync() {
    if (fsync == Fsync.NEVER) {
      return;
    }
    try {
      writer.force(false);
    } catch (IOException e) {
      throw new UncheckedIOException("spool " + dir + ": cannot sync: " + e.getMessage(), e);
    }
  }

  private void enforceLimit() throws IOException {
    while (totalBytes() > maxBytes && segmentSizes.size() > 1) {
      long oldest = segmentSizes.firstKey();
      long lost = oldest == cursor.segment() ? countIn(oldest, cursor.offset()) : oldest > cursor.segment()
          ? countIn(oldest, 0) : 0;
      Files.deleteIfExists(segment(oldest));
      segmentSizes.remove(oldest);
      dropped += lost;
      pending -= lost;
      if (cursor.segment() <= oldest) {
        cursor = new Position(segmentSizes.firstKey(), 0);
        writeCursor();
      }
      if (lost > 0) {
        log.warn("spool {}: over its limit of {} bytes: dropped the {} oldest unsent alerts ({} dropped so far)", dir,
            maxBytes, lost, dropped);
      }
    }
  }

  /** Reads up to {@code max} records from the cursor on. Does not move the cursor. */
  synchronized Batch read(int max) {
    List<byte[]> records = new ArrayList<>();
    Position at = cursor;
    try {
      while (records.size() < max) {
        Long size = segmentSizes.get(at.segment());
        if (size == null) {
          break;
        }
        if (at.offset() >= size) {
          Long next = segmentSizes.higherKey(at.segment());
          if (next == null) {
            break;
          }
          at = new Position(next, 0);
          continue;
        }
        at = readSome(at, size, max, records);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("spool " + dir + ": cannot read: " + e.getMessage(), e);
    }
    return new Batch(records, at);
  }

  private Position readSome(Position at, long size, int max, List<byte[]> out) throws IOException {
    try (FileChannel ch = FileChannel.open(segment(at.segment()), StandardOpenOption.READ)) {
      long offset = at.offset();
      ByteBuffer header = ByteBuffer.allocate(HEADER);
      while (out.size() < max && offset < size) {
        byte[] record = readRecord(ch, offset, size, header);
        if (record == null) {
          corruptSkipped++;
          log.warn("spool {}: segment {} is damaged at byte {}; its remaining records are skipped", dir,
              at.segment(), offset);
          // Nothing in the damaged tail can be trusted: the segment ends here, and new records go to a fresh one.
          segmentSizes.put(at.segment(), offset);
          if (at.segment() == writerSegment) {
            openWriter(writerSegment + 1);
          }
          pending = countFrom(cursor);
          return new Position(at.segment(), offset);
        }
        out.add(record);
        offset += HEADER + record.length;
      }
      return new Position(at.segment(), offset);
    }
  }

  /** The record at {@code offset}, or null when it is cut short or does not check out. */
  private static byte[] readRecord(FileChannel ch, long offset, long size, ByteBuffer header) throws IOException {
    if (size - offset < HEADER) {
      return null;
    }
    header.clear();
    ch.read(header, offset);
    header.flip();
    if (header.get() != MARKER) {
      return null;
    }
    int length = header.getInt();
    int crc = header.getInt();
    if (length < 0 || length > MAX_RECORD || offset + HEADER + length > size) {
      return null;
    }
    ByteBuffer body = ByteBuffer.allocate(length);
    ch.read(body, offset + HEADER);
    if (body.hasRemaining()) {
      return null;
    }
    CRC32C check = new CRC32C();
    check.update(body.array());
    return (int) check.getValue() == crc ? body.array() : null;
  }

  /** Marks everything up to the batch's end as delivered; deletes segments that are done. */
  synchronized void ack(Batch batch) {
    try {
      pending -= batch.records().size();
      cursor = batch.end();
      while (segmentSizes.size() > 1 && segmentSizes.firstKey() < cursor.segment()) {
        long done = segmentSizes.pollFirstEntry().getKey();
        Files.deleteIfExists(segment(done));
      }
      writeCursor();
    } catch (IOException e) {
      throw new UncheckedIOException("spool " + dir + ": cannot record delivery: " + e.getMessage(), e);
    }
  }

  private long validLength(long n) throws IOException {
    long size = Files.size(segment(n));
    try (FileChannel ch = FileChannel.open(segment(n), StandardOpenOption.READ)) {
      ByteBuffer header = ByteBuffer.allocate(HEADER);
      long offset = 0;
      while (offset < size) {
        byte[] r = readRecord(ch, offset, size, header);
        if (r == null) {
          break;
        }
        offset += HEADER + r.length;
      }
      return offset;
    }
  }

  private long countFrom(Position p) throws IOException {
    long n = 0;
    for (Long s : segmentSizes.tailMap(p.segment(), true).keySet()) {
      n += countIn(s, s == p.segment() ? p.offset() : 0);
    }
    return n;
  }

  private long countIn(long n, long from) throws IOException {
    Long size = segmentSizes.get(n);
    if (size == null) {
      return 0;
    }
    long count = 0;
    try (FileChannel ch = FileChannel.open(segment(n), StandardOpenOption.READ)) {
      ByteBuffer header = ByteBuffer.allocate(HEADER);
      long offset = from;
      while (offset < size) {
        byte[] r = readRecord(ch, offset, size, header);
        if (r == null) {
          break;
        }
        offset += HEADER + r.length;
        count++;
      }
    }
    return count;
  }

  private long totalBytes() {
    long total = 0;
    for (long v : segmentSizes.values()) {
      total += v;
    }
    return total;
  }

  /** Records appended and not yet acknowledged. */
  synchronized long pending() {
    return pending;
  }

  /** Records lost to the size limit. */
  synchronized long dropped() {
    return dropped;
  }

  /** Damaged segments whose tail was skipped. */
  synchronized long corruptSegments() {
    return corruptSkipped;
  }

  synchronized long bytes() {
    return totalBytes();
  }

  @Override
  public synchronized void close() throws IOException {
    if (writer != null) {
      writer.force(false);
      writer.close();
      writer = null;
    }
  }
}
