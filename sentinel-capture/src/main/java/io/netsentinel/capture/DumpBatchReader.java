package io.netsentinel.capture;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

/**
 * Reads a batch with one JNA call and no Java callback: {@code pcap_dispatch} is given libpcap's own native
 * {@code pcap_dump} as its callback, writing into a dumper over an {@code fmemopen} stream on a native buffer allocated
 * once (unbuffered, so every record is in the buffer when the dispatch returns). The batch's records are then copied to
 * the heap in one bulk copy. Per batch: rewind, dispatch, ftell, copy; per packet: nothing on the Java side.
 *
 * <p>The batch count is bounded so that {@code count * (16 + snapshot)} fits the buffer: a memory stream that is full
 * silently drops the rest of a record.
 */
final class DumpBatchReader implements BatchReader {
  static final int BUFFER_BYTES = 8 << 20;
  static final int MAX_COUNT = 4096;
  /** Room beyond the snapshot length per record, in case a link layer adds a pseudo-header to the captured bytes. */
  private static final int SLACK = 256;

  private final Pointer pcap;
  private final Pointer dumpFunction;
  private final Memory memory;
  private final Pointer file;
  private final Pointer dumper;
  private final int count;
  private final byte[] heap;

  private DumpBatchReader(Pointer pcap, Memory memory, Pointer file, Pointer dumper, int count) {
    this.pcap = pcap;
    this.dumpFunction = Libpcap.dumpFunction();
    this.memory = memory;
    this.file = file;
    this.dumper = dumper;
    this.count = count;
    this.heap = new byte[(int) memory.size()];
  }

  /**
   * The most packets one dispatch may write into the buffer with this snapshot length: at least 31 (snapshot lengths
   * go up to 262,144), at most {@code MAX_COUNT}.
   */
  static int batchCount(int snapshot) {
    return Math.min(MAX_COUNT, BUFFER_BYTES / (RECORD_HEADER + snapshot + SLACK));
  }

  /** Sets up the memory stream and dumper on the activated handle {@code pcap}; null where {@code fmemopen} is not. */
  static DumpBatchReader open(Pointer pcap, int snapshot) throws LiveCaptureException {
    if (!CStdio.available()) {
      return null;
    }
    int count = batchCount(snapshot);
    int bytes = BUFFER_BYTES;
    Memory memory = new Memory(bytes);
    Pointer file = CStdio.fmemopen(memory, bytes, "w");
    if (file == null) {
      memory.close();
      throw new LiveCaptureException("cannot open a memory stream for the capture (fmemopen failed)");
    }
    if (CStdio.setvbuf(file, null, CStdio.IONBF, 0) != 0) {
      CStdio.fclose(file);
      memory.close();
      throw new LiveCaptureException("cannot make the capture's memory stream unbuffered (setvbuf failed)");
    }
    Pointer dumper = Libpcap.pcap_dump_fopen(pcap, file);
    if (dumper == null) {
      String why = Libpcap.pcap_geterr(pcap);
      CStdio.fclose(file);
      memory.close();
      throw new LiveCaptureException("cannot set up the capture's batch buffer: " + why);
    }
    return new DumpBatchReader(pcap, memory, file, dumper, count);
  }

  @Override
  public int read() throws LiveCaptureException {
    CStdio.rewind(file);
    int result = Libpcap.pcap_dispatch(pcap, count, dumpFunction, dumper);
    // On a break libpcap may return PCAP_ERROR_BREAK after dumping some records: the stream position says how many.
    long written = CStdio.ftell(file);
    if (result == -1) {
      throw new LiveCaptureException(LiveCapture.oneLine(new Exception(Libpcap.pcap_geterr(pcap))));
    }
    int n = (int) Math.max(0, Math.min(written, heap.length));
    if (n > 0) {
      memory.read(0, heap, 0, n);
    }
    return n;
  }

  @Override
  public byte[] buffer() {
    return heap;
  }

  @Override
  public String method() {
    return "pcap_dispatch into pcap_dump, " + count + " packets a batch";
  }

  @Override
  public void close() {
    Libpcap.pcap_dump_close(dumper); // closes the stream too
    memory.close();
  }
}
