package io.netsentinel.capture;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a classic little-endian pcap file, with microsecond or nanosecond timestamps, for tests and generated
 * benchmark captures. Frames longer than the snap length are cut to it, as a capture would, keeping their wire length.
 */
public final class PcapFileWriter implements AutoCloseable {
  private static final int MAGIC_MICROS = 0xA1B2C3D4;
  private static final int MAGIC_NANOS = 0xA1B23C4D;
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final OutputStream out;
  private final int snaplen;
  private final boolean nanosecond;
  private final byte[] header = new byte[24];
  private long framesWritten;
  private boolean closed;

  /** A microsecond pcap. */
  public PcapFileWriter(Path path, int linkType, int snaplen) throws IOException {
    this(path, linkType, snaplen, false);
  }

  /**
   * @param linkType the LINKTYPE_ value, see {@link io.netsentinel.api.LinkTypes}
   * @param snaplen the largest number of bytes kept per frame, at least 1
   * @param nanosecond true for the nanosecond pcap variant (magic a1b23c4d), which keeps timestamps exact
   */
  public PcapFileWriter(Path path, int linkType, int snaplen, boolean nanosecond) throws IOException {
    if (linkType < 0 || linkType > 0xFFFF) {
      throw new IllegalArgumentException("link type " + linkType + " is outside 0..65535");
    }
    if (snaplen < 1) {
      throw new IllegalArgumentException("snaplen " + snaplen + " must be at least 1");
    }
    this.snaplen = snaplen;
    this.nanosecond = nanosecond;
    this.out = new BufferedOutputStream(Files.newOutputStream(path), 1 << 16);
    try {
      putInt(0, nanosecond ? MAGIC_NANOS : MAGIC_MICROS);
      putShort(4, 2);
      putShort(6, 4);
      putInt(8, 0);
      putInt(12, 0);
      putInt(16, snaplen);
      putInt(20, linkType);
      out.write(header, 0, 24);
    } catch (IOException e) {
      out.close();
      throw e;
    }
  }

  /**
   * Appends one frame.
   *
   * @param tsNanos the timestamp in nanoseconds since the epoch; a microsecond file drops the sub-microsecond part
   * @param caplen the bytes of {@code data} from {@code off} that were captured; more than the snap length is cut
   * @param origLen the frame's length on the wire, at least {@code caplen}
   */
  public void write(long tsNanos, byte[] data, int off, int caplen, int origLen) throws IOException {
    if (closed) {
      throw new IOException("pcap writer is closed");
    }
    if (off < 0 || caplen < 0 || off > data.length - caplen) {
      throw new IllegalArgumentException("frame " + off + "+" + caplen + " is outside an array of " + data.length);
    }
    if (origLen < caplen) {
      throw new IllegalArgumentException("wire length " + origLen + " is smaller than the capture length " + caplen);
    }
    long seconds = Math.floorDiv(tsNanos, NANOS_PER_SECOND);
    if (tsNanos < 0 || seconds > 0xFFFFFFFFL) {
      throw new IllegalArgumentException("timestamp " + tsNanos + " ns does not fit a pcap record");
    }
    long fraction = tsNanos - seconds * NANOS_PER_SECOND;
    int kept = Math.min(caplen, snaplen);
    putInt(0, (int) seconds);
    putInt(4, (int) (nanosecond ? fraction : fraction / 1000));
    putInt(8, kept);
    putInt(12, origLen);
    out.write(header, 0, 16);
    out.write(data, off, kept);
    framesWritten++;
  }

  public long framesWritten() {
    return framesWritten;
  }

  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      out.close();
    }
  }

  private void putInt(int at, int value) {
    header[at] = (byte) value;
    header[at + 1] = (byte) (value >>> 8);
    header[at + 2] = (byte) (value >>> 16);
    header[at + 3] = (byte) (value >>> 24);
  }

  private void putShort(int at, int value) {
    header[at] = (byte) value;
    header[at + 1] = (byte) (value >>> 8);
  }
}
