package io.netsentinel.capture;

import io.netsentinel.api.PacketSource;
import io.netsentinel.api.RawFrame;
import io.netsentinel.api.SourceStats;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.slf4j.Logger;

/**
 * Reads one pcap or pcapng file. Frames point into a reusable read buffer, so the hot path neither copies nor
 * allocates; damage after the header ends the stream early with one warning instead of an exception, because a
 * capture cut off by a full disk or a killed tcpdump is normal and everything before the break is still worth
 * analysing.
 */
final class CaptureFileReader implements PacketSource {
  /** libpcap's MAXIMUM_SNAPLEN: no capture tool writes a larger record, so a larger one means corruption. */
  static final int MAX_CAPLEN = 256 * 1024;

  static final int DEFAULT_BUFFER_SIZE = 1 << 20;

  /** Bounds a single pcapng block we must hold whole (SHB, IDB, packet blocks with their options). */
  private static final int MAX_HELD_BLOCK = 16 << 20;

  private static final int PCAP_HEADER = 24;
  private static final int PCAP_RECORD_HEADER = 16;

  private static final int PCAP_MAGIC_MICROS = 0xA1B2C3D4;
  private static final int PCAP_MAGIC_NANOS = 0xA1B23C4D;
  private static final int PCAP_MAGIC_MODIFIED = 0xA1B2CD34;

  private static final int BLOCK_SHB = 0x0A0D0D0A;
  private static final int BLOCK_IDB = 1;
  private static final int BLOCK_OPB = 2;
  private static final int BLOCK_SPB = 3;
  private static final int BLOCK_EPB = 6;
  private static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;

  private static final int OPT_END = 0;
  private static final int OPT_IF_TSRESOL = 9;
  private static final int OPT_IF_TSOFFSET = 14;

  private static final int OK = 0;
  private static final int TRUNCATED = 1;
  private static final int CORRUPT = 2;

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INT_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle SHORT_LE =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle SHORT_BE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);

  private final String name;
  private final Logger log;
  private final FileChannel channel;
  private final long fileSize;
  private final boolean pcapng;

  private byte[] buf;
  private ByteBuffer window;
  private int pos;
  private int limit;
  /** The file offset of {@code buf[0]}. */
  private long bufStart;

  private boolean eof;
  private boolean bigEndian;

  private int pcapLinkType;
  private long pcapFractionNanos;

  private int interfaceCount;
  private int[] ifLinkType = new int[4];
  private int[] ifSnaplen = new int[4];
  /** Decimal resolutions: nanos = ticks * multiplier / divisor, one of them 1. */
  private long[] ifMultiplier = new long[4];

  private long[] ifDivisor = new long[4];
  /** Binary resolutions (2^-shift s): the shift, or 0 for a decimal resolution. */
  private int[] ifShift = new int[4];

  private long[] ifOffsetNanos = new long[4];

  private String problem;
  private long received;
  private long lastTimestampNanos;
  private boolean truncated;
  private boolean done;
  private boolean closed;

  CaptureFileReader(Path path, Logger log) throws IOException {
    this(path, log, DEFAULT_BUFFER_SIZE);
  }

  /** {@code bufferSize} is the initial buffer; tests make it tiny to force growing and compacting. */
  CaptureFileReader(Path path, Logger log, int bufferSize) throws IOException {
    this.name = path.toString();
    this.log = log;
    if (Files.isDirectory(path)) {
      throw new CaptureFormatException(name + ": is a directory, not a pcap or pcapng file");
    }
    try {
      this.channel = FileChannel.open(path, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(name, null, "no such file");
    } catch (AccessDeniedException e) {
      throw new AccessDeniedException(name, null, "permission denied");
    }
    try {
      this.fileSize = channel.size();
      this.buf = new byte[Math.max(bufferSize, 64)];
      this.window = ByteBuffer.wrap(buf);
      this.pcapng = readFileHeader();
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** True when the stream ended early because the file was cut off or damaged; a warning said where. */
  boolean truncated() {
    return truncated;
  }

  @Override
  public boolean next(RawFrame frame) throws IOException {
    if (done) {
      return false;
    }
    return pcapng ? nextPcapng(frame) : nextPcap(frame);
  }

  @Override
  public SourceStats stats() {
    // Once finished the whole file counts as consumed, ignored tail included, so progress reaches 100%.
    long position = done ? fileSize : bufStart + pos;
    return new SourceStats(received, -1, -1, position, fileSize);
  }

  @Override
  public void close() throws IOException {
    done = true;
    if (!closed) {
      closed = true;
      channel.close();
    }
  }

  private boolean readFileHeader() throws IOException {
    if (fileSize == 0) {
      throw new CaptureFormatException(name + ": empty file, not a pcap or pcapng capture");
    }
    if (!ensure(4)) {
      throw new CaptureFormatException(
          name + ": too short to be a pcap or pcapng file (" + fileSize + " bytes, starts with " + hex(limit) + ")");
    }
    int magic = (int) INT_LE.get(buf, 0);
    if (magic == BLOCK_SHB) {
      readFirstSection();
      return true;
    }
    if (magic == PCAP_MAGIC_MICROS || magic == PCAP_MAGIC_NANOS) {
      bigEndian = false;
    } else if (magic == Integer.reverseBytes(PCAP_MAGIC_MICROS) || magic == Integer.reverseBytes(PCAP_MAGIC_NANOS)) {
      bigEndian = true;
    } else if (magic == PCAP_MAGIC_MODIFIED || magic == Integer.reverseBytes(PCAP_MAGIC_MODIFIED)) {
      throw new CaptureFormatException(name + ": modified (Kuznetzov) pcap format is not supported");
    } else {
      throw new CaptureFormatException(name + ": not a pcap or pcapng file (starts with " + hex(4) + ")");
    }
    if (!ensure(PCAP_HEADER)) {
      throw new CaptureFormatException(
          name + ": too short for a pcap header (" + fileSize + " bytes, need " + PCAP_HEADER + ")");
    }
    pcapFractionNanos = u32(0) == PCAP_MAGIC_NANOS ? 1 : 1000;
    // The upper bits of the network field carry FCS information, not the link type.
    pcapLinkType = u32(20) & 0xFFFF;
    pos = PCAP_HEADER;
    return false;
  }

  private void readFirstSection() throws IOException {
    int status = ensure(12) ? readSectionHeader() : TRUNCATED;
    if (status == TRUNCATED) {
      throw new CaptureFormatException(
          name + ": too short for a pcapng section header (" + fileSize + " bytes)");
    }
    if (status == CORRUPT) {
      throw new CaptureFormatException(name + ": " + problem);
    }
  }

  private boolean nextPcap(RawFrame frame) throws IOException {
    if (!ensure(PCAP_RECORD_HEADER)) {
      return endOfFile();
    }
    int caplen = u32(pos + 8);
    if (caplen < 0 || caplen > MAX_CAPLEN) {
      problem =
          "record at offset " + offset() + " claims " + Integer.toUnsignedString(caplen) + " captured bytes";
      return stop(CORRUPT);
    }
    if (!ensure(PCAP_RECORD_HEADER + caplen)) {
      return stop(TRUNCATED);
    }
    long seconds = u32(pos) & 0xFFFFFFFFL;
    long fraction = u32(pos + 4) & 0xFFFFFFFFL;
    long nanos = seconds * NANOS_PER_SECOND + fraction * pcapFractionNanos;
    frame.set(buf, pos + PCAP_RECORD_HEADER, caplen, u32(pos + 12), pcapLinkType, nanos);
    pos += PCAP_RECORD_HEADER + caplen;
    received++;
    return true;
  }

  private boolean nextPcapng(RawFrame frame) throws IOException {
    while (true) {
      if (!ensure(12)) {
        return endOfFile();
      }
      int type = u32(pos);
      if (type == BLOCK_SHB) {
        int status = readSectionHeader();
        if (status != OK) {
          return stop(status);
        }
        continue;
      }
      int total = u32(pos + 4);
      if (total < 12 || (total & 3) != 0) {
        problem = "block at offset " + offset() + " has an invalid length " + Integer.toUnsignedString(total);
        return stop(CORRUPT);
      }
      boolean held = type == BLOCK_EPB || type == BLOCK_SPB || type == BLOCK_OPB || type == BLOCK_IDB;
      if (!held) {
        int status = skipBlock(total);
        if (status != OK) {
          return stop(status);
        }
        continue;
      }
      int status = holdBlock(total);
      if (status != OK) {
        return stop(status);
      }
      if (type == BLOCK_IDB) {
        status = readInterface(total);
        if (status != OK) {
          return stop(status);
        }
        pos += total;
        continue;
      }
      if (readPacket(type, total, frame)) {
        pos += total;
        received++;
        return true;
      }
      return stop(CORRUPT);
    }
  }

  /** Makes a whole block available and checks its trailing length. */
  private int holdBlock(int total) throws IOException {
    if (total > MAX_HELD_BLOCK) {
      problem = "block at offset " + offset() + " is implausibly large (" + Integer.toUnsignedString(total) + " bytes)";
      return CORRUPT;
    }
    if (!ensure(total)) {
      return TRUNCATED;
    }
    return trailerMatches(pos + total - 4, total) ? OK : CORRUPT;
  }

  private boolean trailerMatches(int at, int total) {
    if (u32(at) == total) {
      return true;
    }
    problem =
        "block at offset "
            + (bufStart + at + 4 - total)
            + " has length "
            + total
            + " but its trailing length says "
            + Integer.toUnsignedString(u32(at));
    return false;
  }

  /** Skips a block we do not interpret; one larger than the buffer is skipped on the channel, not read. */
  private int skipBlock(int total) throws IOException {
    long length = total & 0xFFFFFFFFL;
    if (length <= buf.length) {
      if (!ensure(total)) {
        return TRUNCATED;
      }
      if (!trailerMatches(pos + total - 4, total)) {
        return CORRUPT;
      }
      pos += total;
      return OK;
    }
    long trailer = bufStart + pos + length - 4;
    if (trailer + 4 > fileSize) {
      return TRUNCATED;
    }
    channel.position(trailer);
    bufStart = trailer;
    pos = 0;
    limit = 0;
    eof = false;
    if (!ensure(4)) {
      return TRUNCATED;
    }
    if (u32(0) != total) {
      problem =
          "block at offset "
              + (trailer + 4 - length)
              + " has length "
              + length
              + " but its trailing length says "
              + Integer.toUnsignedString(u32(0));
      return CORRUPT;
    }
    pos = 4;
    return OK;
  }

  /** Reads an SHB at {@code pos} with at least 12 bytes available: a new section, maybe in another byte order. */
  private int readSectionHeader() throws IOException {
    int magic = (int) INT_LE.get(buf, pos + 8);
    if (magic == BYTE_ORDER_MAGIC) {
      bigEndian = false;
    } else if (magic == Integer.reverseBytes(BYTE_ORDER_MAGIC)) {
      bigEndian = true;
    } else {
      problem =
          "pcapng section header at offset " + offset() + " has no valid byte-order magic (" + hexAt(pos + 8) + ")";
      return CORRUPT;
    }
    int total = u32(pos + 4);
    if (total < 28 || (total & 3) != 0) {
      problem =
          "pcapng section header at offset " + offset() + " has an invalid length " + Integer.toUnsignedString(total);
      return CORRUPT;
    }
    int status = holdBlock(total);
    if (status != OK) {
      return status;
    }
    int major = u16(pos + 12);
    if (major != 1) {
      problem = "unsupported pcapng version " + major + "." + u16(pos + 14) + " at offset " + offset();
      return CORRUPT;
    }
    // Interface ids are numbered per section.
    interfaceCount = 0;
    pos += total;
    return OK;
  }

  private int readInterface(int total) {
    if (total < 20) {
      problem = "interface block at offset " + offset() + " is too short (" + total + " bytes)";
      return CORRUPT;
    }
    int linkType = u16(pos + 8);
    int snaplen = u32(pos + 12);
    int resolution = 6;
    long offsetSeconds = 0;
    int end = pos + total - 4;
    int option = pos + 16;
    while (option + 4 <= end) {
      int code = u16(option);
      int length = u16(option + 2);
      if (code == OPT_END) {
        break;
      }
      if (option + 4 + length > end) {
        problem = "interface block at offset " + offset() + " has an option that overruns the block";
        return CORRUPT;
      }
      if (code == OPT_IF_TSRESOL && length >= 1) {
        resolution = buf[option + 4] & 0xFF;
      } else if (code == OPT_IF_TSOFFSET && length == 8) {
        offsetSeconds = u64(option + 4);
      }
      option += 4 + ((length + 3) & ~3);
    }
    if (interfaceCount == ifLinkType.length) {
      int size = interfaceCount * 2;
      ifLinkType = Arrays.copyOf(ifLinkType, size);
      ifSnaplen = Arrays.copyOf(ifSnaplen, size);
      ifMultiplier = Arrays.copyOf(ifMultiplier, size);
      ifDivisor = Arrays.copyOf(ifDivisor, size);
      ifShift = Arrays.copyOf(ifShift, size);
      ifOffsetNanos = Arrays.copyOf(ifOffsetNanos, size);
    }
    int i = interfaceCount;
    int exponent = resolution & 0x7F;
    if ((resolution & 0x80) != 0 && exponent > 0) {
      if (exponent > 63) {
        problem = "interface block at offset " + offset() + " has an unsupported if_tsresol 2^-" + exponent;
        return CORRUPT;
      }
      ifShift[i] = exponent;
      ifMultiplier[i] = 1;
      ifDivisor[i] = 1;
    } else {
      // A binary exponent of 0 means whole seconds, the same as 10^0.
      int decimal = (resolution & 0x80) != 0 ? 0 : exponent;
      if (decimal > 27) {
        problem = "interface block at offset " + offset() + " has an unsupported if_tsresol 10^-" + decimal;
        return CORRUPT;
      }
      ifShift[i] = 0;
      ifMultiplier[i] = decimal <= 9 ? pow10(9 - decimal) : 1;
      ifDivisor[i] = decimal <= 9 ? 1 : pow10(decimal - 9);
    }
    ifLinkType[i] = linkType;
    ifSnaplen[i] = snaplen;
    ifOffsetNanos[i] = offsetSeconds * NANOS_PER_SECOND;
    interfaceCount++;
    return OK;
  }

  /** Fills {@code frame} from a held EPB, SPB or OPB; false (with {@link #problem} set) when it is corrupt. */
  private boolean readPacket(int type, int total, RawFrame frame) {
    if (type == BLOCK_SPB) {
      if (total < 16) {
        return tooShort(total);
      }
      if (interfaceCount == 0) {
        return undefinedInterface(0);
      }
      long wire = u32(pos + 8) & 0xFFFFFFFFL;
      int caplen = (int) Math.min(wire, total - 16);
      if (ifSnaplen[0] > 0) {
        caplen = Math.min(caplen, ifSnaplen[0]);
      }
      if (caplen > MAX_CAPLEN) {
        return badCaplen(caplen);
      }
      // A simple packet block has no timestamp; repeating the last one keeps time monotonic for the detectors.
      frame.set(buf, pos + 12, caplen, (int) Math.min(wire, Integer.MAX_VALUE), ifLinkType[0], lastTimestampNanos);
      return true;
    }
    if (total < 32) {
      return tooShort(total);
    }
    int iface = type == BLOCK_EPB ? u32(pos + 8) : u16(pos + 8);
    if (iface < 0 || iface >= interfaceCount) {
      return undefinedInterface(iface);
    }
    int caplen = u32(pos + 20);
    if (caplen < 0 || caplen > MAX_CAPLEN || caplen > total - 32) {
      return badCaplen(caplen);
    }
    long ticks = ((long) u32(pos + 12) << 32) | (u32(pos + 16) & 0xFFFFFFFFL);
    long nanos = toNanos(iface, ticks);
    lastTimestampNanos = nanos;
    frame.set(buf, pos + 28, caplen, u32(pos + 24), ifLinkType[iface], nanos);
    return true;
  }

  private long toNanos(int iface, long ticks) {
    int shift = ifShift[iface];
    long nanos;
    if (shift == 0) {
      long divisor = ifDivisor[iface];
      nanos = divisor == 1 ? ticks * ifMultiplier[iface] : Long.divideUnsigned(ticks, divisor);
    } else {
      long fraction = ticks & ((1L << shift) - 1);
      // 128-bit product, because fraction * 10^9 overflows a long once the shift passes 33.
      long high = Math.multiplyHigh(fraction, NANOS_PER_SECOND);
      long low = fraction * NANOS_PER_SECOND;
      long fractionNanos = (high << (64 - shift)) | (low >>> shift);
      nanos = (ticks >>> shift) * NANOS_PER_SECOND + fractionNanos;
    }
    return nanos + ifOffsetNanos[iface];
  }

  private boolean tooShort(int total) {
    problem = "packet block at offset " + offset() + " is too short (" + total + " bytes)";
    return false;
  }

  private boolean undefinedInterface(int iface) {
    problem =
        "packet block at offset "
            + offset()
            + " refers to interface "
            + Integer.toUnsignedString(iface)
            + " but the section defines "
            + interfaceCount;
    return false;
  }

  private boolean badCaplen(int caplen) {
    problem =
        "packet block at offset "
            + offset()
            + " claims "
            + Integer.toUnsignedString(caplen)
            + " captured bytes, more than the block or "
            + MAX_CAPLEN;
    return false;
  }

  /** At a record boundary with fewer bytes than a header: a clean end when nothing is left. */
  private boolean endOfFile() {
    return stop(limit == pos ? OK : TRUNCATED);
  }

  private boolean stop(int status) {
    done = true;
    if (status == TRUNCATED) {
      truncated = true;
      log.warn(
          "{}: truncated in the middle of a record after {} frames; the rest is ignored", name, received);
    } else if (status == CORRUPT) {
      truncated = true;
      log.warn("{}: {} after {} frames; the rest is ignored", name, problem, received);
    }
    return false;
  }

  /**
   * Makes {@code n} bytes from {@code pos} available, compacting and growing the buffer when needed; false only at
   * the end of the file.
   */
  private boolean ensure(int n) throws IOException {
    return limit - pos >= n || refill(n);
  }

  private boolean refill(int n) throws IOException {
    if (pos > 0) {
      System.arraycopy(buf, pos, buf, 0, limit - pos);
      bufStart += pos;
      limit -= pos;
      pos = 0;
    }
    if (n > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(n, (int) Math.min(Integer.MAX_VALUE - 8, buf.length * 2L)));
      window = ByteBuffer.wrap(buf);
    }
    while (limit < n && !eof) {
      window.limit(buf.length).position(limit);
      int read = channel.read(window);
      if (read < 0) {
        eof = true;
      } else {
        limit += read;
      }
    }
    return limit >= n;
  }

  private int u32(int at) {
    return bigEndian ? (int) INT_BE.get(buf, at) : (int) INT_LE.get(buf, at);
  }

  private int u16(int at) {
    return (bigEndian ? (short) SHORT_BE.get(buf, at) : (short) SHORT_LE.get(buf, at)) & 0xFFFF;
  }

  private long u64(int at) {
    long first = u32(at) & 0xFFFFFFFFL;
    long second = u32(at + 4) & 0xFFFFFFFFL;
    return bigEndian ? first << 32 | second : second << 32 | first;
  }

  private long offset() {
    return bufStart + pos;
  }

  private static long pow10(int exponent) {
    long value = 1;
    for (int i = 0; i < exponent; i++) {
      value *= 10;
    }
    return value;
  }

  private String hex(int count) {
    return hexAt(0, Math.min(count, limit));
  }

  private String hexAt(int at) {
    return hexAt(at, 4);
  }

  private String hexAt(int at, int count) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        text.append(' ');
      }
      text.append(String.format("%02x", buf[at + i] & 0xFF));
    }
    return text.toString();
  }
}
