package io.netsentinel.engine;

import io.netsentinel.api.PacketDecoder;
import io.netsentinel.api.PacketView;
import io.netsentinel.api.RawFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Detection on several threads, with the same alerts in the same order as one {@link DetectionWorker}.
 *
 * <p>The calling thread (the one that reads the source) copies frames into batches, which go round a ring of {@value
 * #RING}. Each of the {@code lanes} decodes every packet of every batch itself (decoding is cheap next to moving decoded
 * views between cores) and runs its share of the detectors over it, the calling thread being lane 0; packet time
 * follows from the frames alone ({@link PacketClock}), so every lane reaches the same events. A detector thus sees
 * every packet in order on one thread, and its state, tables and cooldown are its own, so its alerts cannot depend
 * on the lane. Each alert is tagged with its packet, phase
 * and detector; once every lane is done with a batch, the calling thread sorts the batch's alerts by that tag (a
 * stable sort: a detector's own alerts keep their order), gives ids in that order and hands them on.
 *
 * <p>Detector {@code d} runs on lane {@code d % lanes}, for the whole run. (A split by measured cost is the obvious
 * refinement; it is not built, since on the 2-core machines measured so far one worker is the fastest anyway, see
 * docs/benchmarks.md.)
 *
 * <p>Bounded and allocation-free per packet: the ring holds {@value #RING} batches of at most {@value #BATCH} packets,
 * and the reader waits (offline) when it is full; a live source then fills the kernel's buffer, whose drops the
 * source counts as usual.
 */
final class ParallelDetection implements Detection {
  static final int BATCH = 256;
  static final int RING = 16;
  private static final int FRAME = 0;
  private static final int IDLE = 1;
  private static final int FINISH = 2;
  private static final int SPINS = 200;
  private static final long PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

  private final DetectorRun[] runs;
  private final List<DetectorRun> runList;
  private final AlertStamper stamper;
  private final int lanes;
  private final long flushNanos;
  private final Batch[] ring = new Batch[RING];
  private final Lane[] workers;
  /** Each lane's own decoding of every packet (lane 0's also feeds the run's statistics). */
  private final Decoding[] decodings;
  private final List<PendingAlert> merge = new ArrayList<>();
  /** The thread that builds and feeds this engine (lane 0). */
  private final Thread reader = Thread.currentThread();

  private long fillStarted;

  private volatile long published;
  private volatile long readerDone;
  private volatile boolean readerWaiting;
  private volatile boolean stopping;
  private volatile Throwable failure;
  private long merged;
  private Batch filling;
  private long packets;
  private long bytes;

  /**
   * @param lanes the number of lanes, at least 2 (the calling thread is one)
   * @param flushNanos hand over a batch that has waited this long for more packets (live capture), 0 for never
   */
  ParallelDetection(List<DetectorRun> runs, AlertStamper stamper, int lanes, long flushNanos) {
    if (lanes < 2) {
      throw new IllegalArgumentException("a parallel engine needs at least 2 lanes, was " + lanes);
    }
    this.runs = runs.toArray(new DetectorRun[0]);
    this.runList = List.copyOf(runs);
    this.stamper = stamper;
    this.lanes = lanes;
    this.flushNanos = flushNanos;
    for (int i = 0; i < RING; i++) {
      ring[i] = new Batch(lanes);
    }
    workers = new Lane[lanes];
    decodings = new Decoding[lanes];
    for (int l = 0; l < lanes; l++) {
      decodings[l] = new Decoding();
    }
  }

  /** Starts the lanes' threads; call from the thread that will feed the engine. */
  void start() {
    for (int l = 1; l < lanes; l++) {
      Lane lane = new Lane(l);
      workers[l] = lane;
      lane.thread.start();
    }
  }

  /** Copies one frame into the current batch. */
  @Override
  public void process(RawFrame frame) {
    int length = frame.captureLength();
    Batch b = batchWithRoom(length);
    int slot = b.count;
    System.arraycopy(frame.buffer(), frame.offset(), b.arena, b.arenaUsed, length);
    b.kinds[slot] = FRAME;
    b.offsets[slot] = b.arenaUsed;
    b.lengths[slot] = length;
    b.wireLengths[slot] = frame.wireLength();
    b.linkTypes[slot] = frame.linkType();
    b.stamps[slot] = frame.timestampNanos();
    b.arenaUsed += length;
    b.count = slot + 1;
    packets++;
    bytes += frame.wireLength();
    if (b.count == BATCH || (flushNanos > 0 && System.nanoTime() - fillStarted > flushNanos)) {
      publish();
    }
  }

  /** The source was idle until {@code timestampNanos}: packet time moves on, and what waits in the batch goes out. */
  @Override
  public void idle(long timestampNanos) {
    Batch b = batchWithRoom(0);
    int slot = b.count++;
    b.kinds[slot] = IDLE;
    b.stamps[slot] = timestampNanos;
    publish();
  }

  /** The end of the stream: a last tick and {@code finish} for every detector, then waits for every alert. */
  @Override
  public void finish() {
    Batch b = batchWithRoom(0);
    b.kinds[b.count++] = FINISH;
    publish();
    waitUntil(published, true);
    mergeCompleted();
  }

  /** Stops the lanes' threads (after {@link #finish}, or to abandon the run). */
  void stop() {
    stopping = true;

    for (int l = 1; l < lanes; l++) {
      Lane lane = workers[l];
      if (lane != null) {
        LockSupport.unpark(lane.thread);
        try {
          lane.thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  @Override
  public PipelineStats stats(long dropped, long sinkErrors, long elapsedNanos) {
    return DetectionWorker.stats(runList, packets, bytes, decodings[0].decoder, stamper.count(), dropped, sinkErrors,
        elapsedNanos);
  }

  private Batch batchWithRoom(int bytesNeeded) {
    Batch b = filling;
    if (b != null && (b.count == BATCH || b.arenaUsed + bytesNeeded > b.arena.length)) {
      publish();
      b = null;
    }
    if (b == null) {
      long seq = published + 1;
      // The slot's previous batch must be merged before the slot is refilled.
      if (seq - RING > merged) {
        waitUntil(seq - RING, false);
        mergeCompleted();
      }
      b = ring[(int) (seq % RING)];
      b.reset();
      if (b.arena.length < bytesNeeded) {
        b.arena = new byte[Math.max(bytesNeeded, b.arena.length * 2)];
      }
      filling = b;
      fillStarted = System.nanoTime();
    }
    return b;
  }

  /** Hands the batch being filled to every lane, runs lane 0's share, and merges what is complete. */
  private void publish() {
    Batch b = filling;
    filling = null;
    long seq = published + 1;
    published = seq;
    for (int l = 1; l < lanes; l++) {
      Lane lane = workers[l];
      if (lane.waiting) {
        LockSupport.unpark(lane.thread);
      }
    }
    runLane(0, b);
    readerDone = seq;
    mergeCompleted();
  }

  /** Merges, in order, every batch that all lanes have finished. */
  private void mergeCompleted() {
    while (merged < published && allDone(merged + 1)) {
      Batch b = ring[(int) ((merged + 1) % RING)];
      merge.clear();
      for (int l = 0; l < lanes; l++) {
        merge.addAll(b.alerts[l]);
      }
      if (merge.size() > 1) {
        merge.sort((x, y) -> Long.compare(x.order(), y.order()));
      }
      for (PendingAlert a : merge) {
        stamper.accept(a);
      }
      merged++;
    }
  }

  private boolean allDone(long seq) {
    if (readerDone < seq) {
      return false;
    }
    for (int l = 1; l < lanes; l++) {
      if (workers[l].done < seq) {
        return false;
      }
    }
    return true;
  }

  /** Waits until every lane (and lane 0 too when {@code includeReader}) has finished batch {@code seq}. */
  private void waitUntil(long seq, boolean includeReader) {
    int spins = 0;
    while (true) {
      checkFailure();
      boolean done = true;
      for (int l = 1; l < lanes && done; l++) {
        done = workers[l].done >= seq;
      }
      if (done && (!includeReader || readerDone >= seq)) {
        return;
      }
      if (++spins < SPINS) {
        Thread.onSpinWait();
      } else {
        readerWaiting = true;
        LockSupport.parkNanos(this, PARK_NANOS);
        readerWaiting = false;
      }
    }
  }

  private void checkFailure() {
    Throwable t = failure;
    if (t != null) {
      if (t instanceof RuntimeException e) {
        throw e;
      }
      if (t instanceof Error e) {
        throw e;
      }
      throw new IllegalStateException("a detection lane failed", t);
    }
  }

  /**
   * Decodes the batch on this lane's thread (every lane decodes every packet for itself: the frames' bytes cross
   * between cores in order, which costs less than sharing decoded views), then runs the lane's detectors over it,
   * timing each detector.
   */
  private void runLane(int lane, Batch b) {
    Decoding dec = decodings[lane];
    dec.decode(b);
    Consumer<PendingAlert> out = b.sinks[lane];
    PacketView[] views = dec.views;
    int[] events = dec.events;
    long[] times = dec.times;
    for (int d = lane; d < runs.length; d += lanes) {
      DetectorRun run = runs[d];
      for (int s = 0, n = b.count; s < n; s++) {
        int ev = events[s];
        switch (b.kinds[s]) {
          case FRAME -> {
            if ((ev & PacketClock.NEW_TIMELINE) != 0) {
              run.tick(dec.previous[s], out, s, PendingAlert.PHASE_BEFORE);
              run.startNewTimeline(times[s]);
            }
            run.inspect(views[s], out, s);
            if ((ev & PacketClock.TICK_AFTER) != 0) {
              run.tick(times[s], out, s, PendingAlert.PHASE_AFTER);
            }
          }
          case IDLE -> {
            if (ev > 0) {
              run.tick(times[s], out, s, PendingAlert.PHASE_AFTER);
            }
          }
          default -> {
            if (ev > 0) {
              run.tick(times[s], out, s, PendingAlert.PHASE_BEFORE);
            }
            run.finish(times[s], out, s);
          }
        }
      }
    }
  }

  /** A batch of frames (and idle and end markers) with each lane's alerts for it. */
  private static final class Batch {
    final int[] kinds = new int[BATCH];
    final int[] offsets = new int[BATCH];
    final int[] lengths = new int[BATCH];
    final int[] wireLengths = new int[BATCH];
    final int[] linkTypes = new int[BATCH];
    /** The frame's timestamp, or for an idle marker the source's clock. */
    final long[] stamps = new long[BATCH];
    final List<PendingAlert>[] alerts;
    final Consumer<PendingAlert>[] sinks;
    byte[] arena = new byte[256 * 1024];
    int arenaUsed;
    int count;

    @SuppressWarnings("unchecked")
    Batch(int lanes) {
      alerts = new List[lanes];
      sinks = new Consumer[lanes];
      for (int l = 0; l < lanes; l++) {
        List<PendingAlert> list = new ArrayList<>();
        alerts[l] = list;
        sinks[l] = list::add;
      }
    }

    void reset() {
      count = 0;
      arenaUsed = 0;
      for (List<PendingAlert> list : alerts) {
        list.clear();
      }
    }
  }

  /**
   * One lane's decoder, packet clock and views: every lane decodes the same frames in the same order, so every lane
   * reaches the same views and the same packet-time events.
   */
  private static final class Decoding {
    final PacketDecoder decoder = new PacketDecoder();
    final PacketClock clock = new PacketClock();
    final RawFrame frame = new RawFrame();
    final PacketView[] views = new PacketView[BATCH];
    final int[] events = new int[BATCH];
    final long[] times = new long[BATCH];
    final long[] previous = new long[BATCH];

    Decoding() {
      for (int i = 0; i < BATCH; i++) {
        views[i] = new PacketView();
      }
    }

    void decode(Batch b) {
      for (int s = 0, n = b.count; s < n; s++) {
        switch (b.kinds[s]) {
          case FRAME -> {
            frame.set(b.arena, b.offsets[s], b.lengths[s], b.wireLengths[s], b.linkTypes[s], b.stamps[s]);
            decoder.decode(frame, views[s]);
            events[s] = clock.onPacket(views[s]);
            times[s] = clock.nowNanos();
            previous[s] = clock.previousNanos();
          }
          case IDLE -> {
            events[s] = clock.started() ? clock.onIdle(decoder.advanceClock(b.stamps[s])) : -1;
            times[s] = clock.nowNanos();
          }
          default -> {
            events[s] = clock.started() ? PacketClock.TICK_AFTER : 0;
            times[s] = clock.started() ? clock.nowNanos() : 0;
          }
        }
      }
    }
  }

  /** A lane's thread: runs its detectors over each published batch in turn. */
  private final class Lane implements Runnable {
    final int index;
    final Thread thread;
    volatile long done;
    volatile boolean waiting;

    Lane(int index) {
      this.index = index;
      this.thread = new Thread(this, "netsentinel-detect-" + index);
      this.thread.setDaemon(true);
    }

    @Override
    public void run() {
      try {
        long next = 1;
        while (true) {
          if (!awaitPublished(next)) {
            return;
          }
          runLane(index, ring[(int) (next % RING)]);
          done = next;
          if (readerWaiting) {
            LockSupport.unpark(reader);
          }
          next++;
        }
      } catch (Throwable t) {
        failure = t;
        LockSupport.unpark(reader);
      }
    }

    private boolean awaitPublished(long seq) {
      int spins = 0;
      while (published < seq) {
        if (stopping) {
          return false;
        }
        if (++spins < SPINS) {
          Thread.onSpinWait();
        } else {
          waiting = true;
          if (published < seq && !stopping) {
            LockSupport.parkNanos(this, PARK_NANOS);
          }
          waiting = false;
        }
      }
      return true;
    }
  }
}
