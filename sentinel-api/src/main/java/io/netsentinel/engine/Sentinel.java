package io.netsentinel.engine;

import io.netsentinel.api.AlertSink;
import io.netsentinel.api.AlertSinkProvider;
import io.netsentinel.api.Detector;
import io.netsentinel.api.DetectorContext;
import io.netsentinel.api.DetectorProvider;
import io.netsentinel.api.PacketDecoder;
import io.netsentinel.api.PacketSource;
import io.netsentinel.api.PacketView;
import io.netsentinel.api.RawFrame;
import io.netsentinel.api.Settings;
import io.netsentinel.api.SettingsException;
import io.netsentinel.api.SourceStats;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embeddable engine: source → decoder → detectors → cooldown → bounded queue → sinks, on one detection worker.
 *
 * <pre>{@code
 * try (Sentinel sentinel = Sentinel.builder()
 *     .source(source)
 *     .detectors("port-scan", "syn-flood")
 *     .sink(alert -> System.out.println(alert.message()))
 *     .build()) {
 *   PipelineStats stats = sentinel.run();
 * }
 * }</pre>
 *
 * Time is packet time throughout, so replaying a capture gives the same alerts on every run.
 */
public final class Sentinel implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Sentinel.class);
  private static final long TICK_NANOS = 1_000_000_000L;
  private static final int PROGRESS_EVERY = 4096;

  private final PacketSource source;
  private final Detector[] detectors;
  private final List<Function<DetectorContext, Detector>> factories = new ArrayList<>();
  private final List<PluginContext> contexts = new ArrayList<>();
  private final String[] detectorIds;
  private final List<AlertSink> sinks;
  private final PluginRegistry ownedRegistry;
  private final Emitter emitter;
  private final AlertDispatcher dispatcher;
  private final Cooldown cooldown;

  private volatile boolean stopRequested;
  private volatile long progressPackets;
  private boolean ran;
  private boolean closed;

  private Sentinel(Builder b, PluginRegistry registry, boolean ownsRegistry) {
    this.source = Objects.requireNonNull(b.source, "a packet source is required");
    this.ownedRegistry = ownsRegistry ? registry : null;
    List<Detector> created = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    List<AlertSink> sinkList = new ArrayList<>();
    try {
      for (Map.Entry<String, Function<DetectorContext, Detector>> e : b.detectorFactories(registry).entrySet()) {
        PluginContext context = new PluginContext("detector", e.getKey(), b.settings);
        Detector detector;
        try {
          detector = e.getValue().apply(context);
        } catch (SettingsException ex) {
          throw new SettingsException("detector '" + e.getKey() + "': " + ex.getMessage(), ex);
        }
        created.add(Objects.requireNonNull(detector, "detector '" + e.getKey() + "' create() returned null"));
        ids.add(e.getKey());
        factories.add(e.getValue());
        contexts.add(context);
      }
      sinkList.addAll(b.sinks);
      for (String id : b.sinkIds) {
        AlertSinkProvider provider = registry.sink(id);
        try {
          sinkList.add(provider.create(new PluginContext("sink", id, b.settings)));
        } catch (SettingsException ex) {
          throw new SettingsException("sink '" + id + "': " + ex.getMessage(), ex);
        }
      }
    } catch (RuntimeException e) {
      created.forEach(Detector::close);
      sinkList.forEach(AlertSink::close);
      if (ownsRegistry) {
        registry.close();
      }
      throw e;
    }
    this.detectors = created.toArray(new Detector[0]);
    this.detectorIds = ids.toArray(new String[0]);
    this.sinks = List.copyOf(sinkList);
    this.cooldown = new Cooldown(b.settings.getDurationNanos("alert_cooldown"), b.cooldownEntries);
    this.dispatcher = new AlertDispatcher(sinks, b.queueCapacity, b.dropWhenFull);
    this.emitter = new Emitter(cooldown, dispatcher::submit, detectorIds, b.agentId, b.hostname, b.os);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The ids of the detectors this engine runs, in the order they see each packet. */
  public List<String> detectorIds() {
    return List.of(detectorIds);
  }

  /**
   * Reads the source to its end (or until {@link #stop()}), delivers every alert to the sinks, flushes them, and
   * returns the counters. Runs once.
   */
  public PipelineStats run() throws IOException {
    if (ran) {
      throw new IllegalStateException("a Sentinel runs once; build a new one");
    }
    ran = true;
    long started = System.nanoTime();
    RawFrame frame = new RawFrame();
    PacketView view = new PacketView();
    PacketDecoder decoder = new PacketDecoder();
    Detector[] ds = detectors;
    long packets = 0;
    long bytes = 0;
    long detectorErrors = 0;
    long nextTick = Long.MIN_VALUE;
    long now = Long.MIN_VALUE;
    dispatcher.start();
    try {
      while (!stopRequested && source.next(frame)) {
        packets++;
        bytes += frame.wireLength();
        decoder.decode(frame, view);
        if (view.startsNewTimeline()) {
          detectorErrors = tick(ds, now, detectorErrors);
          startNewTimeline(view.timestampNanos());
          nextTick = Long.MIN_VALUE;
        }
        now = view.timestampNanos();
        emitter.now(now);
        for (int i = 0; i < ds.length; i++) {
          emitter.select(i);
          try {
            ds[i].inspect(view, emitter);
          } catch (RuntimeException e) {
            detectorErrors = detectorFailed(i, "inspect", e, detectorErrors);
          }
        }
        if (now >= nextTick) {
          detectorErrors = tick(ds, now, detectorErrors);
          nextTick = now + TICK_NANOS;
        }
        if ((packets & (PROGRESS_EVERY - 1)) == 0) {
          progressPackets = packets;
        }
      }
      if (now != Long.MIN_VALUE) {
        detectorErrors = tick(ds, now, detectorErrors);
      }
    } finally {
      progressPackets = packets;
      dispatcher.finish();
    }
    Map<String, Long> byDetector = new LinkedHashMap<>();
    for (int i = 0; i < detectorIds.length; i++) {
      byDetector.put(detectorIds[i], emitter.alertsOf(i));
    }
    return new PipelineStats(
        packets,
        bytes,
        decoder.decodeErrors(),
        decoder.clockRegressions(),
        decoder.timelines(),
        emitter.alerts(),
        emitter.suppressed(),
        dispatcher.dropped(),
        detectorErrors,
        dispatcher.sinkErrors(),
        byDetector,
        tableStats(),
        System.nanoTime() - started);
  }

  /**
   * Another recording begins (a large step back in time): detector state and the cooldown describe a different time,
   * so both start afresh. Alerts and counters carry on.
   */
  private void startNewTimeline(long nanos) {
    LOG.debug("packet time stepped back to {}: starting a new timeline (fresh detector state)",
        java.time.Instant.ofEpochSecond(0, nanos));
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

  private List<TableStats> tableStats() {
    List<TableStats> all = new ArrayList<>();
    for (PluginContext c : contexts) {
      all.addAll(c.tableStats());
    }
    return all;
  }

  private long tick(Detector[] ds, long now, long errors) {
    emitter.now(now);
    for (int i = 0; i < ds.length; i++) {
      emitter.select(i);
      try {
        ds[i].tick(now, emitter);
      } catch (RuntimeException e) {
        errors = detectorFailed(i, "tick", e, errors);
      }
    }
    return errors;
  }

  private long detectorFailed(int index, String what, RuntimeException e, long errors) {
    long n = errors + 1;
    if (n <= 5 || n % 10_000 == 0) {
      LOG.error("detector '{}' threw in {} ({} errors so far)", detectorIds[index], what, n, e);
    }
    return n;
  }

  /** Asks a running {@link #run()} to return after the current packet. Safe from any thread. */
  public void stop() {
    stopRequested = true;
  }

  /** Packets processed so far (updated every few thousand packets) and the source's counters; any thread. */
  public Progress progress() {
    return new Progress(progressPackets, source.stats());
  }

  /** A snapshot for progress displays. */
  public record Progress(long packets, SourceStats source) {}

  /** Closes the detectors, the sinks and the source. */
  @Override
  public void close() throws IOException {
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
    for (AlertSink s : sinks) {
      try {
        s.close();
      } catch (RuntimeException e) {
        LOG.warn("closing a sink: {}", e.toString());
      }
    }
    if (ownedRegistry != null) {
      ownedRegistry.close();
    }
    source.close();
  }

  /** Assembles a {@link Sentinel}. Only a source is required. */
  public static final class Builder {
    private Settings settings = Settings.empty();
    private PluginRegistry registry;
    private Path pluginDirectory;
    private ClassLoader classLoader;
    private List<String> detectorIds;
    private final Map<String, Function<DetectorContext, Detector>> extraDetectors = new LinkedHashMap<>();
    private final List<AlertSink> sinks = new ArrayList<>();
    private final List<String> sinkIds = new ArrayList<>();
    private PacketSource source;
    private String agentId;
    private String hostname;
    private String os;
    private int queueCapacity = 10_000;
    private boolean dropWhenFull;
    private int cooldownEntries = 100_000;

    private Builder() {}

    public Builder settings(Settings value) {
      settings = Objects.requireNonNull(value);
      return this;
    }

    /** Use this registry (the caller keeps ownership) instead of discovering plugins. */
    public Builder registry(PluginRegistry value) {
      registry = value;
      return this;
    }

    /** Also load plugin JARs from this folder. */
    public Builder pluginDirectory(Path value) {
      pluginDirectory = value;
      return this;
    }

    /** The class loader whose classpath is searched for providers (default: this library's). */
    public Builder classLoader(ClassLoader value) {
      classLoader = value;
      return this;
    }

    /**
     * Runs exactly these installed detectors. Without this call every installed detector runs, less those the config
     * disables with {@code "detectors": {"id": {"enabled": false}}}.
     */
    public Builder detectors(String... ids) {
      detectorIds = List.of(ids);
      return this;
    }

    /** Adds a detector that is not installed as a plugin, for example a lambda in an embedding application. */
    public Builder detector(String id, Function<DetectorContext, Detector> factory) {
      extraDetectors.put(Objects.requireNonNull(id), Objects.requireNonNull(factory));
      return this;
    }

    /** Adds a provider instance as if it had been discovered. */
    public Builder detector(DetectorProvider provider) {
      return detector(provider.id(), provider::create);
    }

    public Builder sink(AlertSink sink) {
      sinks.add(Objects.requireNonNull(sink));
      return this;
    }

    /** Adds an installed sink by id; it is created with its {@code sinks.<id>} settings. */
    public Builder sink(String id) {
      sinkIds.add(Objects.requireNonNull(id));
      return this;
    }

    public Builder source(PacketSource value) {
      source = value;
      return this;
    }

    /** The sensor identity stamped on every alert (the agent id, host name and OS). */
    public Builder identity(String agentIdValue, String hostnameValue, String osValue) {
      agentId = agentIdValue;
      hostname = hostnameValue;
      os = osValue;
      return this;
    }

    /** The size of the queue between the packet thread and the sinks (default 10,000). */
    public Builder queueCapacity(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("queue capacity must be positive");
      }
      queueCapacity = value;
      return this;
    }

    /**
     * True for live capture: drop (and count) alerts when the queue is full rather than stall capture. The default,
     * false, waits, so an offline replay is complete.
     */
    public Builder dropWhenFull(boolean value) {
      dropWhenFull = value;
      return this;
    }

    /** The most (category, key) pairs the cooldown remembers (default 100,000). */
    public Builder cooldownEntries(int value) {
      cooldownEntries = value;
      return this;
    }

    public Sentinel build() {
      boolean owns = registry == null;
      PluginRegistry r =
          owns
              ? PluginRegistry.load(
                  classLoader != null ? classLoader : Sentinel.class.getClassLoader(), pluginDirectory)
              : registry;
      return new Sentinel(this, r, owns);
    }

    private Map<String, Function<DetectorContext, Detector>> detectorFactories(PluginRegistry r) {
      for (String configured : settings.sectionIds("detectors")) {
        if (!r.detectorIds().contains(configured) && !extraDetectors.containsKey(configured)) {
          // Throws with the list of installed detectors.
          r.detector(configured);
        }
      }
      List<String> chosen = new ArrayList<>();
      if (detectorIds != null) {
        chosen.addAll(detectorIds);
      } else {
        for (String id : r.detectorIds()) {
          if (settings.section("detectors", id).getBoolean("enabled", true)) {
            chosen.add(id);
          }
        }
      }
      Map<String, Function<DetectorContext, Detector>> factories = new LinkedHashMap<>();
      for (String id : chosen) {
        DetectorProvider provider = r.detector(id);
        factories.put(id, provider::create);
      }
      for (Map.Entry<String, Function<DetectorContext, Detector>> e : extraDetectors.entrySet()) {
        if (factories.putIfAbsent(e.getKey(), e.getValue()) != null) {
          throw new PluginException("duplicate detector id '" + e.getKey() + "': installed and added by the builder");
        }
      }
      return factories;
    }
  }
}
