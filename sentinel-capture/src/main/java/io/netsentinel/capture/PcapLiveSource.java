package io.netsentinel.capture;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.netsentinel.api.PacketSource;
import io.netsentinel.api.RawFrame;
import io.netsentinel.api.SourceStats;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;

/**
 * Adapts libpcap to the pull model: each {@code poll} that has handed out the last batch runs one read of the
 * {@link BatchReader} (a whole batch in one native call where the C library allows), then hands the batch's records out
 * frame by frame, each frame a window on the reader's heap buffer. Nothing is allocated per packet.
 *
 * <p>Threads: one thread calls {@code poll}. {@code close} may come from any thread: it sets the stop flag, breaks the
 * read, and closes the handle only once no read is running, since libpcap must not free a handle in use.
 */
final class PcapLiveSource implements PacketSource {
  private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.nativeOrder());
  private static final long STATS_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final byte[] NO_BYTES = new byte[0];

  private final Pointer pcap;
  private final BatchReader reader;
  private final String iface;
  private final int linkType;
  private final long fractionNanos; // 1 for nanosecond timestamps, 1000 for microseconds
  private final Logger log;
  private final ReentrantLock handleLock = new ReentrantLock();
  private final Memory statsBuffer = new Memory(32); // struct pcap_stat, with room for Npcap's extra field

  private byte[] batch = NO_BYTES;
  private int cursor;
  private int end;

  private volatile boolean stopping;
  private boolean closed;
  /**
   * Breaks a read that has waited longer than the read timeout, so that {@link #poll} can report the link idle:
   * libpcap ignores the timeout in immediate mode on Linux, and with TPACKET_V3 the kernel's block timeout does not
   * wake a reader whose block is still empty, so without it a read on a quiet link could wait forever.
   */
  private final Thread waker;
  private final long timeoutNanos;
  private final Object wakeGuard = new Object();
  private boolean wakeClosed; // guarded by wakeGuard: no breakloop once the handle may be freed
  private volatile long readStartedNanos; // 0: no read running
  private long delivered;
  private long bytes;
  private volatile long kernelReceived;
  private volatile long kernelDropped;
  private volatile long interfaceDropped;
  private volatile long statsReadAt = Long.MIN_VALUE;
  private volatile long deliveredSnapshot;
  private volatile long bytesSnapshot;

  PcapLiveSource(Pointer pcap, BatchReader reader, String iface, int linkType, boolean nanos, LiveOptions options,
      Logger log) {
    this.pcap = pcap;
    this.reader = reader;
    this.iface = iface;
    this.linkType = linkType;
    this.fractionNanos = nanos ? 1 : 1000;
    this.log = log;
    this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(options.timeoutMillis());
    this.waker = new Thread(this::wakeLoop, "netsentinel-capture-waker-" + iface);
    this.waker.setDaemon(true);
    this.waker.start();
  }

  @Override
  public boolean next(RawFrame frame) throws IOException {
    Poll found;
    do {
      found = poll(frame);
    } while (found == Poll.IDLE);
    return found == Poll.FRAME;
  }

  /** One read at most: a frame, or {@link Poll#IDLE} stamped with the wall clock when the read timeout passed. */
  @Override
  public Poll poll(RawFrame frame) throws IOException {
    if (end - cursor < BatchReader.RECORD_HEADER) {
      if (stopping) {
        return Poll.END;
      }
      fill();
      if (end - cursor < BatchReader.RECORD_HEADER) {
        if (stopping) {
          return Poll.END;
        }
        // Live timestamps are the kernel's wall clock, so the link's idle time is the wall clock too.
        java.time.Instant now = java.time.Instant.now();
        frame.set(NO_BYTES, 0, 0, 0, linkType, now.getEpochSecond() * 1_000_000_000L + now.getNano());
        return Poll.IDLE;
      }
    }
    byte[] b = batch;
    int at = cursor;
    long seconds = Integer.toUnsignedLong((int) INT.get(b, at));
    long fraction = Integer.toUnsignedLong((int) INT.get(b, at + 4));
    int captured = (int) INT.get(b, at + 8);
    int wire = (int) INT.get(b, at + 12);
    int data = at + BatchReader.RECORD_HEADER;
    if (captured < 0 || captured > end - data) {
      cursor = end; // a cut record cannot happen with the batch bound; never hand out bytes past the batch
      return poll(frame);
    }
    cursor = data + captured;
    frame.set(b, data, captured, Math.max(wire, captured), linkType, seconds * 1_000_000_000L + fraction * fractionNanos);
    delivered++;
    bytes += captured;
    if ((delivered & 255) == 0) {
      deliveredSnapshot = delivered;
      bytesSnapshot = bytes;
    }
    return Poll.FRAME;
  }

  /** Runs one read; returns with a new batch, or an empty one after a timeout or a stop. */
  private void fill() throws IOException {
    cursor = 0;
    end = 0;
    handleLock.lock();
    try {
      if (stopping || closed) {
        return;
      }
      readStartedNanos = System.nanoTime() | 1;
      int n;
      try {
        n = reader.read();
      } finally {
        readStartedNanos = 0;
      }
      batch = reader.buffer();
      end = n;
      refreshStats(false);
    } catch (LiveCaptureException e) {
      if (!stopping) {
        throw new LiveCaptureException("capture on " + iface + " failed: " + e.getMessage(), e);
      }
    } finally {
      handleLock.unlock();
      deliveredSnapshot = delivered;
      bytesSnapshot = bytes;
    }
  }

  /** Breaks a read that has waited longer than the read timeout; ends when the source stops. */
  private void wakeLoop() {
    long sleepMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(timeoutNanos));
    while (!stopping) {
      try {
        Thread.sleep(sleepMillis);
      } catch (InterruptedException e) {
        return;
      }
      long started = readStartedNanos;
      if (started != 0 && System.nanoTime() - started > timeoutNanos) {
        synchronized (wakeGuard) {
          if (wakeClosed) {
            return;
          }
          Libpcap.pcap_breakloop(pcap);
        }
      }
    }
  }

  /** Reads the kernel counters if a second has passed; call with the handle lock held. */
  private void refreshStats(boolean force) {
    long now = System.nanoTime();
    if (!force && statsReadAt != Long.MIN_VALUE && now - statsReadAt < STATS_EVERY_NANOS) {
      return;
    }
    statsReadAt = now;
    if (Libpcap.pcap_stats(pcap, statsBuffer) != 0) {
      log.debug("reading capture stats on {}: {}", iface, Libpcap.pcap_geterr(pcap));
      return;
    }
    kernelReceived = Integer.toUnsignedLong(statsBuffer.getInt(0));
    kernelDropped = Integer.toUnsignedLong(statsBuffer.getInt(4));
    interfaceDropped = Integer.toUnsignedLong(statsBuffer.getInt(8));
  }

  /**
   * The kernel's counters (received, dropped, if-dropped) read at most once a second, and the bytes delivered. From
   * any thread: if the reading thread is inside a read, the last values are returned.
   */
  @Override
  public SourceStats stats() {
    if (handleLock.tryLock()) {
      try {
        if (!closed) {
          refreshStats(false);
        }
      } finally {
        handleLock.unlock();
      }
    }
    long received = Math.max(kernelReceived, deliveredSnapshot);
    return new SourceStats(received, kernelDropped, interfaceDropped, bytesSnapshot, -1);
  }

  /** How this source reads (the batch path or the fallback); the start-up log line asks the reader itself. */
  String method() {
    return reader.method();
  }

  @Override
  public void close() {
    stopping = true;
    if (!handleLock.tryLock()) {
      synchronized (wakeGuard) {
        if (!wakeClosed) {
          Libpcap.pcap_breakloop(pcap);
        }
      }
      handleLock.lock();
    }
    try {
      if (closed) {
        return;
      }
      refreshStats(true);
      closed = true;
      synchronized (wakeGuard) {
        wakeClosed = true;
      }
      waker.interrupt();
      reader.close();
      Libpcap.pcap_close(pcap);
      statsBuffer.close();
    } finally {
      handleLock.unlock();
    }
  }
}
