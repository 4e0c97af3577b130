package io.netsentinel.capture;

import io.netsentinel.api.PacketSource;
import io.netsentinel.api.RawFrame;
import io.netsentinel.api.SourceStats;
import java.io.IOException;
import java.sql.Timestamp;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapStat;
import org.pcap4j.core.RawPacketListener;
import org.slf4j.Logger;

/**
 * Adapts libpcap's push callbacks to the pull model: each {@code next} that finds the ring empty runs one
 * {@code pcap_dispatch} (at most {@link #RING} packets, waiting at most the read timeout), copying each packet into a
 * reused ring slot, then hands the ring out frame by frame.
 *
 * <p>Per packet, pcap4j 1.8.2 itself allocates a {@code byte[]} copy of the packet, a {@code java.sql.Timestamp} and an
 * {@code Integer} for the original length (kept in thread locals we read back), and a {@code Runnable} for its inline
 * executor; its API offers no way around these. This class allocates nothing per packet: ring slots only grow.
 *
 * <p>Threads: one thread calls {@code next}. {@code close} may come from any thread: it sets the stop flag, breaks the
 * dispatch, and closes the handle only once no dispatch is running, since libpcap must not free a handle in use.
 */
final class PcapLiveSource implements PacketSource, RawPacketListener {
  static final int RING = 64;
  private static final long STATS_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final byte[] NO_BYTES = new byte[0];

  private final PcapHandle handle;
  private final String iface;
  private final int linkType;
  private final Logger log;
  private final ReentrantLock handleLock = new ReentrantLock();

  private final byte[][] slots = new byte[RING][];
  private final int[] captureLengths = new int[RING];
  private final int[] wireLengths = new int[RING];
  private final long[] timestamps = new long[RING];
  private int filled;
  private int nextSlot;

  private volatile boolean stopping;
  private boolean closed;
  /**
   * libpcap ignores the read timeout in immediate mode on Linux, so a dispatch on a quiet link would wait forever; the
   * waker breaks a dispatch that has waited longer than the timeout, so that {@link #poll} can report the link idle.
   */
  private final Thread waker;
  private final long timeoutNanos;
  private final Object wakeGuard = new Object();
  private boolean wakeClosed; // guarded by wakeGuard: no breakloop once the handle may be freed
  private volatile long dispatchStartedNanos; // 0: no dispatch running
  private long delivered;
  private long bytes;
  private volatile long kernelReceived;
  private volatile long kernelDropped;
  private volatile long interfaceDropped;
  private volatile long statsReadAt = Long.MIN_VALUE;
  private volatile long deliveredSnapshot;
  private volatile long bytesSnapshot;

  PcapLiveSource(PcapHandle handle, String iface, int linkType, LiveOptions options, Logger log) {
    this.handle = handle;
    this.iface = iface;
    this.linkType = linkType;
    this.log = log;
    this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(options.timeoutMillis());
    this.waker = new Thread(this::wakeLoop, "netsentinel-capture-waker-" + iface);
    this.waker.setDaemon(true);
    this.waker.start();
    int initial = Math.min(options.snaplen(), 2048);
    for (int i = 0; i < RING; i++) {
      slots[i] = new byte[initial];
    }
  }

  @Override
  public boolean next(RawFrame frame) throws IOException {
    Poll found;
    do {
      found = poll(frame);
    } while (found == Poll.IDLE);
    return found == Poll.FRAME;
  }

  /** One dispatch at most: a frame, or {@link Poll#IDLE} stamped with the wall clock when the read timeout passed. */
  @Override
  public Poll poll(RawFrame frame) throws IOException {
    if (nextSlot == filled) {
      if (stopping) {
        return Poll.END;
      }
      fill();
      if (nextSlot == filled) {
        if (stopping) {
          return Poll.END;
        }
        // Live timestamps are the kernel's wall clock, so the link's idle time is the wall clock too.
        java.time.Instant now = java.time.Instant.now();
        frame.set(NO_BYTES, 0, 0, 0, linkType, now.getEpochSecond() * 1_000_000_000L + now.getNano());
        return Poll.IDLE;
      }
    }
    int i = nextSlot++;
    frame.set(slots[i], 0, captureLengths[i], wireLengths[i], linkType, timestamps[i]);
    delivered++;
    bytes += captureLengths[i];
    if ((delivered & 255) == 0) {
      deliveredSnapshot = delivered;
      bytesSnapshot = bytes;
    }
    return Poll.FRAME;
  }

  /** Runs one dispatch; returns with the ring refilled, or empty after a timeout or a stop. */
  private void fill() throws IOException {
    filled = 0;
    nextSlot = 0;
    handleLock.lock();
    try {
      if (stopping || closed) {
        return;
      }
      dispatchStartedNanos = System.nanoTime() | 1;
      try {
        handle.dispatch(RING, this);
      } finally {
        dispatchStartedNanos = 0;
      }
      refreshStats(false);
    } catch (InterruptedException e) {
      // pcap_breakloop from close() (the loop above sees the stop flag) or from the waker (the link was idle); the
      // frames copied before the break are delivered.
    } catch (PcapNativeException e) {
      if (!stopping) {
        throw new LiveCaptureException("capture on " + iface + " failed: " + LiveCapture.oneLine(e), e);
      }
    } catch (NotOpenException e) {
      stopping = true;
    } finally {
      handleLock.unlock();
      deliveredSnapshot = delivered;
      bytesSnapshot = bytes;
    }
  }

  /** Breaks a dispatch that has waited longer than the read timeout; ends when the source stops. */
  private void wakeLoop() {
    long sleepMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(timeoutNanos));
    while (!stopping) {
      try {
        Thread.sleep(sleepMillis);
      } catch (InterruptedException e) {
        return;
      }
      long started = dispatchStartedNanos;
      if (started != 0 && System.nanoTime() - started > timeoutNanos) {
        synchronized (wakeGuard) {
          if (wakeClosed) {
            return;
          }
          try {
            handle.breakLoop();
          } catch (NotOpenException e) {
            return;
          }
        }
      }
    }
  }

  /** The raw callback, on the thread inside {@code dispatch}. */
  @Override
  public void gotPacket(byte[] packet) {
    if (filled == RING) {
      return; // cannot happen: dispatch asks for at most RING packets
    }
    int i = filled++;
    byte[] slot = slots[i];
    if (slot.length < packet.length) {
      slot = new byte[Math.max(packet.length, slot.length * 2)];
      slots[i] = slot;
    }
    System.arraycopy(packet, 0, slot, 0, packet.length);
    captureLengths[i] = packet.length;
    Integer original = handle.getOriginalLength();
    wireLengths[i] = original == null ? packet.length : original;
    Timestamp ts = handle.getTimestamp();
    timestamps[i] = ts == null ? 0 : Math.floorDiv(ts.getTime(), 1000L) * 1_000_000_000L + ts.getNanos();
  }

  /** Reads the kernel counters if a second has passed; call with the handle lock held. */
  private void refreshStats(boolean force) {
    long now = System.nanoTime();
    if (!force && statsReadAt != Long.MIN_VALUE && now - statsReadAt < STATS_EVERY_NANOS) {
      return;
    }
    statsReadAt = now;
    try {
      PcapStat s = handle.getStats();
      kernelReceived = s.getNumPacketsReceived();
      kernelDropped = s.getNumPacketsDropped();
      interfaceDropped = s.getNumPacketsDroppedByIf();
    } catch (PcapNativeException | NotOpenException e) {
      log.debug("reading capture stats on {}: {}", iface, e.toString());
    }
  }

  /**
   * The kernel's counters (received, dropped, if-dropped) read at most once a second, and the bytes delivered. From
   * any thread: if the reading thread is inside a dispatch, the last values are returned.
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

  @Override
  public void close() {
    stopping = true;
    if (!handleLock.tryLock()) {
      try {
        handle.breakLoop();
      } catch (NotOpenException e) {
        // already closed
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
      handle.close();
    } finally {
      handleLock.unlock();
    }
  }
}
