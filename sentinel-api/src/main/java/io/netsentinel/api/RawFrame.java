package io.netsentinel.api;

/**
 * One captured frame as a source delivers it: a window on a buffer the source owns, plus the capture metadata. One
 * instance is reused for every frame; {@link PacketSource#next(RawFrame)} refills it.
 */
public final class RawFrame {
  private byte[] buffer = new byte[0];
  private int offset;
  private int captureLength;
  private int wireLength;
  private int linkType;
  private long timestampNanos;

  /**
   * Points this frame at {@code captureLength} bytes of {@code buffer} from {@code offset}.
   *
   * @param wireLength the length of the frame on the wire, which is larger than the capture length when the snap
   *     length cut it
   * @param linkType the libpcap LINKTYPE_ value, see {@link LinkTypes}
   */
  public void set(
      byte[] buffer, int offset, int captureLength, int wireLength, int linkType, long timestampNanos) {
    if (offset < 0 || captureLength < 0 || offset + captureLength > buffer.length) {
      throw new IllegalArgumentException(
          "frame window " + offset + "+" + captureLength + " outside buffer of " + buffer.length);
    }
    this.buffer = buffer;
    this.offset = offset;
    this.captureLength = captureLength;
    this.wireLength = Math.max(wireLength, captureLength);
    this.linkType = linkType;
    this.timestampNanos = timestampNanos;
  }

  public byte[] buffer() {
    return buffer;
  }

  public int offset() {
    return offset;
  }

  public int captureLength() {
    return captureLength;
  }

  public int wireLength() {
    return wireLength;
  }

  public int linkType() {
    return linkType;
  }

  public long timestampNanos() {
    return timestampNanos;
  }
}
