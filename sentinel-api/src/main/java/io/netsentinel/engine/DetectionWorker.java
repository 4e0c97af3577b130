package io.netsentinel.engine;

import io.netsentinel.api.Alert;
import io.netsentinel.api.PacketDecoder;
import io.netsentinel.api.PacketView;
import io.netsentinel.api.RawFrame;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One detection worker: decodes each frame once into its reused {@link PacketView}, hands it to every detector, ticks
 * them in packet time, and starts them afresh on a new timeline. Alerts that pass the cooldown go to the consumer it
 * was built with. Single-threaded: feed it from one thread. {@link Sentinel} drives one from a packet source when it
 * runs with one worker; code that receives frames by callback (a capture loop) or a benchmark can drive one directly,
 * see {@link Sentinel.Builder#buildWorker}.
 */
public final class DetectionWorker implements AutoCloseable {
  private final DetectorRun[] runs;
  private final List<DetectorRun> runList;
  private final AlertStamper stamper;
  private final Consumer<PendingAlert> out;
  private final PacketDecoder decoder = new PacketDecoder();
  private final PacketView view = new PacketView();
  private final PacketClock clock = new PacketClock();

  private long packets;
  private long bytes;
  private boolean closed;

  DetectionWorker(List<DetectorRun> runs, AlertStamper stamper) {
    this.runs = runs.toArray(new DetectorRun[0]);
    this.runList = List.copyOf(runs);
    this.stamper = stamper;
    // One thread, detectors in order: alerts arrive in their final order, so they are stamped at once.
    this.out = stamper::accept;
  }

  /** Decodes one frame and runs every detector over it. */
  public void process(RawFrame frame) {
    packets++;
    bytes += frame.wireLength();
    decoder.decode(frame, view);
    int events = clock.onPacket(view);
    DetectorRun[] rs = runs;
    if ((events & PacketClock.NEW_TIMELINE) != 0) {
      long previous = clock.previousNanos();
      for (DetectorRun r : rs) {
        r.tick(previous, out, 0, PendingAlert.PHASE_BEFORE);
      }
      for (DetectorRun r : rs) {
        r.startNewTimeline(view.timestampNanos());
      }
    }
    for (int i = 0; i < rs.length; i++) {
      rs[i].inspect(view, out, 0);
    }
    if ((events & PacketClock.TICK_AFTER) != 0) {
      tickAll(clock.nowNanos(), PendingAlert.PHASE_AFTER);
    }
  }

  /**
   * A live source was idle until {@code timestampNanos} (its clock): packet time moves on to it, so detectors tick on
   * a quiet link. Does nothing before the first frame or when that time is not later than the packet clock.
   */
  public void idle(long timestampNanos) {
    if (!clock.started()) {
      return;
    }
    int events = clock.onIdle(decoder.advanceClock(timestampNanos));
    if (events > 0) {
      tickAll(clock.nowNanos(), PendingAlert.PHASE_AFTER);
    }
  }

  /**
   * The end of a finite stream: a last tick, so detectors can emit what waits for time to pass, then {@link
   * io.netsentinel.api.Detector#finish}, where a detector may wait (bounded) for work in flight.
   */
  public void finish() {
    if (clock.started()) {
      tickAll(clock.nowNanos(), PendingAlert.PHASE_BEFORE);
    }
    long now = clock.started() ? clock.nowNanos() : 0;
    for (DetectorRun r : runs) {
      r.finish(now, out, 0);
    }
  }

  private void tickAll(long now, int phase) {
    for (DetectorRun r : runs) {
      r.tick(now, out, 0, phase);
    }
  }

  /** Alerts that passed the cooldown so far (read from another thread, it may lag a little). */
  public long alertsSoFar() {
    return stamper.count();
  }

  /** Frames processed so far. */
  public long packets() {
    return packets;
  }

  /** The ids of the detectors, in the order they see each packet. */
  public List<String> detectorIds() {
    return ids(runList);
  }

  /** The counters so far, for a worker driven directly (alerts go straight to its consumer: nothing is dropped). */
  public PipelineStats stats() {
    return stats(runList, packets, bytes, decoder, stamper.count(), 0, 0, 0);
  }

  PipelineStats stats(long dropped, long sinkErrors, long elapsedNanos) {
    return stats(runList, packets, bytes, decoder, stamper.count(), dropped, sinkErrors, elapsedNanos);
  }

  /** This worker as {@link Sentinel} drives it. */
  Detection asDetection() {
    DetectionWorker w = this;
    return new Detection() {
      @Override
      public void process(RawFrame frame) {
        w.process(frame);
      }

      @Override
      public void idle(long timestampNanos) {
        w.idle(timestampNanos);
      }

      @Override
      public void finish() {
        w.finish();
      }

      @Override
      public PipelineStats stats(long dropped, long sinkErrors, long elapsedNanos) {
        return w.stats(dropped, sinkErrors, elapsedNanos);
      }
    };
  }

  /** Closes the detectors; safe to call twice. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (DetectorRun r : runs) {
      r.close();
    }
  }

  static List<String> ids(List<DetectorRun> runs) {
    List<String> out = new ArrayList<>();
    for (DetectorRun r : runs) {
      out.add(r.id);
    }
    return List.copyOf(out);
  }

  /** The run's counters; {@code dropped} and {@code sinkErrors} belong to the caller's delivery and are given. */
  static PipelineStats stats(List<DetectorRun> runs, long packets, long bytes, PacketDecoder decoder, long alerts,
      long dropped, long sinkErrors, long elapsedNanos) {
    Map<String, Long> byDetector = new LinkedHashMap<>();
    List<TableStats> tables = new ArrayList<>();
    Map<String, Long> counters = new LinkedHashMap<>();
    long suppressed = 0;
    long errors = 0;
    for (DetectorRun r : runs) {
      byDetector.put(r.id, r.emitter.alerts());
      suppressed += r.emitter.suppressed();
      errors += r.errors();
      tables.addAll(r.context.tableStats());
      counters.putAll(r.context.counterValues());
    }
    return new PipelineStats(packets, bytes, decoder.decodeErrors(), decoder.clockRegressions(),
        decoder.timelines(), alerts, suppressed, dropped, errors, sinkErrors, byDetector, tables, counters,
        elapsedNanos);
  }

  /** Every detector's counters so far, as {@code <id>/<name>}; any thread. */
  static Map<String, Long> counterValues(List<DetectorRun> runs) {
    Map<String, Long> out = new LinkedHashMap<>();
    for (DetectorRun r : runs) {
      out.putAll(r.context.counterValues());
    }
    return out;
  }

  /** Every detector's gauges now, as {@code <id>/<name>}; any thread. */
  static Map<String, Long> gaugeValues(List<DetectorRun> runs) {
    Map<String, Long> out = new LinkedHashMap<>();
    for (DetectorRun r : runs) {
      out.putAll(r.context.gaugeValues());
    }
    return out;
  }
}
