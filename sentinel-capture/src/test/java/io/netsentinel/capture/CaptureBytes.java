package io.netsentinel.capture;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Assembles pcap and pcapng files byte by byte, in either byte order, so tests control every field. */
final class CaptureBytes {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private ByteOrder order;

  private CaptureBytes(ByteOrder order) {
    this.order = order;
  }

  static CaptureBytes pcap(ByteOrder order, boolean nanosecond, int network, int snaplen) {
    CaptureBytes bytes = new CaptureBytes(order);
    bytes.u32(nanosecond ? 0xA1B23C4D : 0xA1B2C3D4).u16(2).u16(4).u32(0).u32(0).u32(snaplen).u32(network);
    return bytes;
  }

  /** A pcap record: the header says {@code data.length} captured bytes. */
  CaptureBytes record(long seconds, long fraction, byte[] data, int origLen) {
    u32((int) seconds).u32((int) fraction).u32(data.length).u32(origLen);
    out.writeBytes(data);
    return this;
  }

  /** A pcapng file starting with a section header in {@code order}. */
  static CaptureBytes pcapng(ByteOrder order) {
    return new CaptureBytes(order).section(order);
  }

  /** A new section header block; the rest of the section is written in {@code newOrder}. */
  CaptureBytes section(ByteOrder newOrder) {
    order = newOrder;
    ByteBuffer body = body(16).putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1);
    return block(0x0A0D0D0A, body.array());
  }

  /** An interface description block; {@code tsresol} is the raw option byte, or -1 for none. */
  CaptureBytes interfaceBlock(int linkType, int snaplen, int tsresol) {
    return interfaceBlock(linkType, snaplen, tsresol, null);
  }

  CaptureBytes interfaceBlock(int linkType, int snaplen, int tsresol, Long tsoffsetSeconds) {
    ByteBuffer body = body(64).putShort((short) linkType).putShort((short) 0).putInt(snaplen);
    // A comment option first, so the reader must walk the options rather than look at a fixed place.
    body.putShort((short) 1).putShort((short) 5).put("hello".getBytes()).put(new byte[3]);
    if (tsresol >= 0) {
      body.putShort((short) 9).putShort((short) 1).put((byte) tsresol).put(new byte[3]);
    }
    if (tsoffsetSeconds != null) {
      body.putShort((short) 14).putShort((short) 8).putLong(tsoffsetSeconds);
    }
    body.putShort((short) 0).putShort((short) 0);
    return block(1, used(body));
  }

  CaptureBytes enhancedPacket(int iface, long ticks, byte[] data, int origLen) {
    ByteBuffer body = body(20 + padded(data.length) + 12);
    body.putInt(iface).putInt((int) (ticks >>> 32)).putInt((int) ticks).putInt(data.length).putInt(origLen);
    body.put(data).put(new byte[padded(data.length) - data.length]);
    // An opt_comment, which the reader must step over via the block length.
    body.putShort((short) 1).putShort((short) 3).put("abc".getBytes()).put((byte) 0);
    body.putShort((short) 0).putShort((short) 0);
    return block(6, used(body));
  }

  CaptureBytes simplePacket(byte[] data, int origLen) {
    ByteBuffer body = body(4 + padded(data.length));
    body.putInt(origLen).put(data).put(new byte[padded(data.length) - data.length]);
    return block(3, body.array());
  }

  CaptureBytes obsoletePacket(int iface, long ticks, byte[] data, int origLen) {
    ByteBuffer body = body(20 + padded(data.length));
    body.putShort((short) iface).putShort((short) 7).putInt((int) (ticks >>> 32)).putInt((int) ticks);
    body.putInt(data.length).putInt(origLen).put(data).put(new byte[padded(data.length) - data.length]);
    return block(2, body.array());
  }

  /** Any block: type, length, body (padded here), trailing length. */
  CaptureBytes block(int type, byte[] body) {
    int total = 12 + padded(body.length);
    u32(type).u32(total);
    out.writeBytes(body);
    out.writeBytes(new byte[padded(body.length) - body.length]);
    return u32(total);
  }

  CaptureBytes raw(byte[] bytes) {
    out.writeBytes(bytes);
    return this;
  }

  CaptureBytes u32(int value) {
    out.writeBytes(ByteBuffer.allocate(4).order(order).putInt(value).array());
    return this;
  }

  CaptureBytes u16(int value) {
    out.writeBytes(ByteBuffer.allocate(2).order(order).putShort((short) value).array());
    return this;
  }

  byte[] bytes() {
    return out.toByteArray();
  }

  Path writeTo(Path dir, String name) throws IOException {
    return Files.write(dir.resolve(name), bytes());
  }

  /** A recognisable payload: {@code length} bytes counting up from {@code first}. */
  static byte[] payload(int length, int first) {
    byte[] data = new byte[length];
    for (int i = 0; i < length; i++) {
      data[i] = (byte) (first + i);
    }
    return data;
  }

  private ByteBuffer body(int capacity) {
    return ByteBuffer.allocate(capacity).order(order);
  }

  private static byte[] used(ByteBuffer body) {
    byte[] bytes = new byte[body.position()];
    body.flip().get(bytes);
    return bytes;
  }

  private static int padded(int length) {
    return (length + 3) & ~3;
  }
}
