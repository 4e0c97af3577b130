package io.netsentinel.capture;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The fallback where the C library has no {@code fmemopen} (Windows with Npcap): one {@code pcap_next_ex} per packet,
 * a batch of one, through direct-mapped JNA (a JNI call, no Java callback, no allocation).
 */
final class NextExBatchReader implements BatchReader {
  private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.nativeOrder());

  /** A pointer whose address can be moved, so reading each packet's header and data allocates nothing. */
  private static final class MovablePointer extends Pointer {
    MovablePointer() {
      super(0);
    }

    void moveTo(long address) {
      peer = address;
    }
  }

  private final Pointer pcap;
  private final Memory slots = new Memory(2L * Native.POINTER_SIZE);
  private final Pointer dataSlot = slots.share(Native.POINTER_SIZE);
  private final MovablePointer header = new MovablePointer();
  private final MovablePointer data = new MovablePointer();
  // struct pcap_pkthdr: struct timeval (two C longs; tv_usec is 32-bit on macOS), then caplen and len.
  private final int usecOffset = Native.LONG_SIZE;
  private final int caplenOffset = 2 * Native.LONG_SIZE;
  private final boolean longUsec = Native.LONG_SIZE == 8 && !Platform.isMac();
  private byte[] heap;

  NextExBatchReader(Pointer pcap, int snapshot) {
    this.pcap = pcap;
    this.heap = new byte[RECORD_HEADER + snapshot];
  }

  @Override
  public int read() throws LiveCaptureException {
    int result = Libpcap.pcap_next_ex(pcap, slots, dataSlot);
    if (result == 0 || result == Libpcap.ERROR_BREAK) {
      return 0;
    }
    if (result != 1) {
      throw new LiveCaptureException(LiveCapture.oneLine(new Exception(Libpcap.pcap_geterr(pcap))));
    }
    header.moveTo(address(0));
    data.moveTo(address(Native.POINTER_SIZE));
    long seconds = Native.LONG_SIZE == 8 ? header.getLong(0) : header.getInt(0);
    long fraction = longUsec ? header.getLong(usecOffset) : header.getInt(usecOffset);
    int caplen = header.getInt(caplenOffset);
    int len = header.getInt(caplenOffset + 4);
    if (heap.length < RECORD_HEADER + caplen) {
      heap = new byte[RECORD_HEADER + caplen]; // only if libpcap exceeds the snapshot length
    }
    INT.set(heap, 0, (int) seconds);
    INT.set(heap, 4, (int) fraction);
    INT.set(heap, 8, caplen);
    INT.set(heap, 12, len);
    data.read(0, heap, RECORD_HEADER, caplen);
    return RECORD_HEADER + caplen;
  }

  private long address(long offset) {
    return Native.POINTER_SIZE == 8 ? slots.getLong(offset) : slots.getInt(offset) & 0xffffffffL;
  }

  @Override
  public byte[] buffer() {
    return heap;
  }

  @Override
  public String method() {
    return "pcap_next_ex, one packet a call";
  }

  @Override
  public void close() {
    slots.close();
  }
}
