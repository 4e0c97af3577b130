package io.netsentinel.engine;

import io.netsentinel.api.Detector;
import io.netsentinel.api.DetectorContext;
import io.netsentinel.api.PacketView;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One detector as the engine runs it: the instance, its context, its own cooldown and emitter, and its counters. A
 * detector is driven by one thread for the whole run (see {@link ParallelDetection}).
 */
final class DetectorRun {
  private static final Logger LOG = LoggerFactory.getLogger(DetectionWorker.class);

  final int index;
  final String id;
  private final Function<DetectorContext, Detector> factory;
  final PluginContext context;
  final Emitter emitter;
  private Detector detector;
  private volatile long errors;

  DetectorRun(int index, String id, Detector detector, Function<DetectorContext, Detector> factory,
      PluginContext context, Cooldown cooldown) {
    this.index = index;
    this.id = id;
    this.detector = detector;
    this.factory = factory;
    this.context = context;
    this.emitter = new Emitter(cooldown, id, index);
  }

  void inspect(PacketView view, Consumer<PendingAlert> out, int slot) {
    emitter.at(out, view.timestampNanos(), slot, PendingAlert.PHASE_INSPECT);
    try {
      detector.inspect(view, emitter);
    } catch (RuntimeException e) {
      failed("inspect", e);
    }
  }

  void tick(long nowNanos, Consumer<PendingAlert> out, int slot, int phase) {
    emitter.at(out, nowNanos, slot, phase);
    try {
      detector.tick(nowNanos, emitter);
    } catch (RuntimeException e) {
      failed("tick", e);
    }
  }

  /**
   * Another recording begins (a large step back in time): detector state and the cooldown describe a different time,
   * so both start afresh. Alerts and counters carry on.
   */
  void startNewTimeline(long nanos) {
    if (index == 0) {
      LOG.debug("packet time stepped back to {}: starting a new timeline (fresh detector state)",
          Instant.ofEpochSecond(0, nanos));
    }
    try {
      detector.close();
    } catch (RuntimeException e) {
      LOG.warn("closing detector '{}': {}", id, e.toString());
    }
    context.retireTables();
    detector = factory.apply(context);
    emitter.clearCooldown();
  }

  void finish(long nowNanos, Consumer<PendingAlert> out, int slot) {
    emitter.at(out, nowNanos, slot, PendingAlert.PHASE_AFTER);
    try {
      detector.finish(emitter);
    } catch (RuntimeException e) {
      failed("finish", e);
    }
  }

  void close() {
    try {
      detector.close();
    } catch (RuntimeException e) {
      LOG.warn("closing a detector: {}", e.toString());
    }
  }

  long errors() {
    return errors;
  }

  private void failed(String what, RuntimeException e) {
    long n = ++errors;
    if (n <= 5 || n % 10_000 == 0) {
      LOG.error("detector '{}' threw in {} ({} errors so far)", id, what, n, e);
    }
  }
}
