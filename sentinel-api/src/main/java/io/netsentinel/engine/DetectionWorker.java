package io.netsentinel.engine;

import io.netsentinel.api.Alert;
import io.netsentinel.api.Detector;
import io.netsentinel.api.DetectorContext;
import io.netsentinel.api.PacketDecoder;
import io.netsentinel.api.PacketView;
import io.netsentinel.api.RawFrame;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One detection worker: decodes each frame once into its reused {@link PacketView}, hands it to every detector, ticks
 * them in packet time, and starts them afresh on a new timeline. Alerts that pass the cooldown go to the consumer it
 * was built with. Single-threaded: feed it from one thread. {@link Sentinel} drives one from a packet source; code
 * that receives frames by callback (a capture loop) or a benchmark can drive one directly, see {@link
 * Sentinel.Builder#buildWorker}.
 */
public final class DetectionWorker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DetectionWorker.class);
  private static final long TICK_NANOS = 1_000_000_000L;

  private final Detector[] detectors;
  private final String[] detectorIds;
  private final List<Function<DetectorContext, Detector>> factories;
  private final List<PluginContext> contexts;
  private final Cooldown cooldown;
  private final Emitter emitter;
  private final PacketDecoder decoder = new PacketDecoder();
  private final PacketView view = new PacketView();

  private long packets;
  private long bytes;
  private long detectorErrors;
  private long nextTick = Long.MIN_VALUE;
  private long now = Long.MIN_VALUE;
  private boolean closed;

  DetectionWorker(
      List<String> ids,
      List<Detector> created,
      List<Function<DetectorContext, Detector>> factories,
      List<PluginContext> contexts,
      Cooldown cooldown,
      Consumer<Alert> out,
      String agentId,
      String hostname,
      String os) {
    this.detectorIds = ids.toArray(new String[0]);
    this.detectors = created.toArray(new Detector[0]);
    this.factories = List.copyOf(factories);
    this.contexts = List.copyOf(contexts);
    this.cooldown = cooldown;
    this.emitter = new Emitter(cooldown, out, detectorIds, agentId, hostname, os);
  }

  /** Decodes one frame and runs every detector over it. */
  public void process(RawFrame frame) {
    packets++;
    bytes += frame.wireLength();
    decoder.decode(frame, view);
    if (view.startsNewTimeline()) {
      tick(now);
      startNewTimeline(view.timestampNanos());
      nextTick = Long.MIN_VALUE;
    }
    now = view.timestampNanos();
    emitter.now(now);
    Detector[] ds = detectors;
    for (int i = 0; i < ds.length; i++) {
      emitter.select(i);
      try {
        ds[i].inspect(view, emitter);
      } catch (RuntimeException e) {
        detectorFailed(i, "inspect", e);
      }
    }
    if (now >= nextTick) {
      tick(now);
      nextTick = now + TICK_NANOS;
    }
  }

  /**
   * A live source was idle until {@code timestampNanos} (its clock): packet time moves on to it, so detectors tick on
   * a quiet link. Does nothing before the first frame or when that time is not later than the packet clock.
   */
  public void idle(long timestampNanos) {
    if (now == Long.MIN_VALUE) {
      return;
    }
    long t = decoder.advanceClock(timestampNanos);
    if (t <= now) {
      return;
    }
    now = t;
    emitter.now(now);
    if (now >= nextTick) {
      tick(now);
      nextTick = now + TICK_NANOS;
    }
  }

  /**
   * The end of a finite stream: a last tick, so detectors can emit what waits for time to pass, then {@link
   * Detector#finish}, where a detector may wait (bounded) for work in flight.
   */
  public void finish() {
    if (now != Long.MIN_VALUE) {
      tick(now);
    }
    for (int i = 0; i < detectors.length; i++) {
      emitter.select(i);
      try {
        detectors[i].finish(emitter);
      } catch (RuntimeException e) {
        detectorFailed(i, "finish", e);
      }
    }
  }

  /** Alerts that passed the cooldown so far (read from another thread, it may lag a little). */
  public long alertsSoFar() {
    return emitter.alerts();
  }

  /** Frames processed so far. */
  public long packets() {
    return packets;
  }

  /** The ids of the detectors, in the order they see each packet. */
  public List<String> detectorIds() {
    return List.of(detectorIds);
  }

  /** The counters so far; {@code dropped} and {@code sinkErrors} belong to the caller's delivery and are given. */
  PipelineStats stats(long dropped, long sinkErrors, long elapsedNanos) {
    Map<String, Long> byDetector = new LinkedHashMap<>();
    for (int i = 0; i < detectorIds.length; i++) {
      byDetector.put(detectorIds[i], emitter.alertsOf(i));
    }
    List<TableStats> tables = new ArrayList<>();
    Map<String, Long> counters = new LinkedHashMap<>();
    for (PluginContext c : contexts) {
      tables.addAll(c.tableStats());
      counters.putAll(c.counterValues());
    }
    return new PipelineStats(packets, bytes, decoder.decodeErrors(), decoder.clockRegressions(),
        decoder.timelines(), emitter.alerts(), emitter.suppressed(), dropped, detectorErrors, sinkErrors, byDetector,
        tables, counters, elapsedNanos);
  }

  /** Every detector's counters so far, as {@code <id>/<name>}; any thread. */
  Map<String, Long> counterValues() {
    Map<String, Long> out = new LinkedHashMap<>();
    for (PluginContext c : contexts) {
      out.putAll(c.counterValues());
    }
    return out;
  }

  /** Every detector's gauges now, as {@code <id>/<name>}; any thread. */
  Map<String, Long> gaugeValues() {
    Map<String, Long> out = new LinkedHashMap<>();
    for (PluginContext c : contexts) {
      out.putAll(c.gaugeValues());
    }
    return out;
  }

  /** The counters so far, for a worker driven directly (alerts go straight to its consumer: nothing is dropped). */
  public PipelineStats stats() {
    return stats(0, 0, 0);
  }

  /**
   * Another recording begins (a large step back in time): detector state and the cooldown describe a different time,
   * so both start afresh. Alerts and counters carry on.
   */
  private void startNewTimeline(long nanos) {
    LOG.debug("packet time stepped back to {}: starting a new timeline (fresh detector state)",
        Instant.ofEpochSecond(0, nanos));
    for (int i = 0; i < detectors.length; i++) {
      try {
        detectors[i].close();
      } catch (RuntimeException e) {
        LOG.warn("closing detector '{}': {}", detectorIds[i], e.toString());
      }
      contexts.get(i).retireTables();
      detectors[i] = factories.get(i).apply(contexts.get(i));
    }
    cooldown.clear();
  }

  private void tick(long time) {
    emitter.now(time);
    for (int i = 0; i < detectors.length; i++) {
      emitter.select(i);
      try {
        detectors[i].tick(time, emitter);
      } catch (RuntimeException e) {
        detectorFailed(i, "tick", e);
      }
    }
  }

  private void detectorFailed(int index, String what, RuntimeException e) {
    long n = ++detectorErrors;
    if (n <= 5 || n % 10_000 == 0) {
      LOG.error("detector '{}' threw in {} ({} errors so far)", detectorIds[index], what, n, e);
    }
  }

  /** Closes the detectors; safe to call twice. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (Detector d : detectors) {
      try {
        d.close();
      } catch (RuntimeException e) {
        LOG.warn("closing a detector: {}", e.toString());
      }
    }
  }
}
