package io.netsentinel.engine;

import io.netsentinel.api.Alert;
import io.netsentinel.api.AlertSink;
import io.netsentinel.api.AlertSinkProvider;
import io.netsentinel.api.Detector;
import io.netsentinel.api.DetectorContext;
import io.netsentinel.api.DetectorProvider;
import io.netsentinel.api.PacketSource;
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
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embeddable engine: source → decoder → detectors → cooldown → bounded queue → sinks. Detection runs on {@link
 * Builder#workers} threads (the reading thread is one; see {@link ParallelDetection}), with the same alerts in the
 * same order whatever their number.
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
  private static final int PROGRESS_EVERY = 4096;
  /** A live capture hands a partly filled batch to the detection threads after this long. */
  private static final long LIVE_FLUSH_NANOS = 5_000_000L;
  private final long flushNanos;

  private final PacketSource source;
  private final List<AlertSink> sinks;
  private final PluginRegistry ownedRegistry;
  private final AlertDispatcher dispatcher;
  private final List<DetectorRun> runs;
  private final AlertStamper stamper;
  private final int workers;
  private final List<PluginContext> sinkContexts = new ArrayList<>();

  private volatile boolean stopRequested;
  private volatile long progressPackets;
  private boolean ran;
  private boolean closed;

  private Sentinel(Builder b, PluginRegistry registry, boolean ownsRegistry) {
    this.source = Objects.requireNonNull(b.source, "a packet source is required");
    this.ownedRegistry = ownsRegistry ? registry : null;
    List<AlertSink> sinkList = new ArrayList<>(b.sinks);
    AlertDispatcher[] holder = new AlertDispatcher[1];
    List<DetectorRun> created = null;
    try {
      for (String id : b.sinkIds) {
        AlertSinkProvider provider = registry.sink(id);
        try {
          PluginContext context = new PluginContext("sink", id, b.settings,
              new io.netsentinel.api.SinkContext.Sensor(b.agentId, b.hostname, b.os)).engineStats(this::liveStats);
          sinkContexts.add(context);
          sinkList.add(provider.create(context));
        } catch (SettingsException ex) {
          throw new SettingsException("sink '" + id + "': " + ex.getMessage(), ex);
        }
      }
      created = b.detectorRuns(registry);
    } catch (RuntimeException e) {
      sinkList.forEach(AlertSink::close);
      if (ownsRegistry) {
        registry.close();
      }
      throw e;
    }
    this.sinks = List.copyOf(sinkList);
    this.dispatcher = new AlertDispatcher(sinks, b.queueCapacity, b.dropWhenFull);
    holder[0] = dispatcher;
    this.runs = List.copyOf(created);
    this.stamper = new AlertStamper(alert -> holder[0].submit(alert), b.agentId, b.hostname, b.os);
    this.workers = b.resolveWorkers(created.size());
    this.flushNanos = b.dropWhenFull ? LIVE_FLUSH_NANOS : 0;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The ids of the detectors this engine runs, in the order they see each packet. */
  public List<String> detectorIds() {
    return DetectionWorker.ids(runs);
  }

  /** The number of threads that run detectors (the reading thread is one of them). */
  public int detectionWorkers() {
    return workers;
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
    long packets = 0;
    dispatcher.start();
    ParallelDetection parallel = workers > 1 ? new ParallelDetection(runs, stamper, workers, flushNanos) : null;
    Detection detection = parallel != null ? parallel : new DetectionWorker(runs, stamper).asDetection();
    if (parallel != null) {
      parallel.start();
    }
    try {
      while (!stopRequested) {
        PacketSource.Poll found = source.poll(frame);
        if (found == PacketSource.Poll.END) {
          break;
        }
        if (found == PacketSource.Poll.IDLE) {
          detection.idle(frame.timestampNanos());
          continue;
        }
        detection.process(frame);
        if ((++packets & (PROGRESS_EVERY - 1)) == 0) {
          progressPackets = packets;
        }
      }
      detection.finish();
    } finally {
      if (parallel != null) {
        parallel.stop();
      }
      progressPackets = packets;
      dispatcher.finish();
    }
    PipelineStats stats = detection.stats(dispatcher.dropped(), dispatcher.sinkErrors(), System.nanoTime() - started);
    if (sinkContexts.isEmpty()) {
      return stats;
    }
    Map<String, Long> counters = new LinkedHashMap<>(stats.counters());
    for (PluginContext c : sinkContexts) {
      counters.putAll(c.counterValues());
    }
    return new PipelineStats(stats.packets(), stats.bytes(), stats.decodeErrors(), stats.clockRegressions(),
        stats.timelines(), stats.alerts(), stats.suppressed(), stats.dropped(), stats.detectorErrors(),
        stats.sinkErrors(), stats.alertsByDetector(), stats.tables(), counters, stats.elapsedNanos());
  }

  /** Approximate counters for sinks that report health while the run goes on (read from their own threads). */
  private Map<String, Long> liveStats() {
    Map<String, Long> live = new LinkedHashMap<>();
    live.put("packets", progressPackets);
    live.put("alerts", stamper == null ? 0 : stamper.count());
    live.put("dropped", dispatcher == null ? 0 : dispatcher.dropped());
    SourceStats capture = source.stats();
    if (capture.dropped() >= 0) {
      live.put("kernel_dropped", capture.dropped());
    }
    if (capture.interfaceDropped() >= 0) {
      live.put("interface_dropped", capture.interfaceDropped());
    }
    return live;
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

  /**
   * The plugins' own metrics so far, any thread: their counters and gauges as {@code <plugin id>/<name>} (for example
   * {@code tls/sent}, {@code tls/spool_depth}, {@code vt-ip/quota_used_today}), and the alerts dropped because the
   * sinks fell behind a live capture.
   */
  public Metrics metrics() {
    Map<String, Long> counters = new LinkedHashMap<>(DetectionWorker.counterValues(runs));
    Map<String, Long> gauges = new LinkedHashMap<>(DetectionWorker.gaugeValues(runs));
    for (PluginContext c : sinkContexts) {
      counters.putAll(c.counterValues());
      gauges.putAll(c.gaugeValues());
    }
    return new Metrics(java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(counters)),
        java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(gauges)), dispatcher.dropped());
  }

  /** Plugin counters and gauges, and the alerts the dispatcher dropped. */
  public record Metrics(Map<String, Long> counters, Map<String, Long> gauges, long alertsDropped) {}

  /** Closes the detectors, the sinks and the source. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    runs.forEach(DetectorRun::close);
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
    private int workers;

    private Builder() {}

    /**
     * The number of threads that run detectors, the reading thread included (default: the {@code detection_workers}
     * setting, else 1 on up to 2 cores and half the cores, at most 4, above). Any number gives the same alerts in the
     * same order.
     */
    public Builder workers(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("detection workers must be at least 1, was " + value);
      }
      workers = value;
      return this;
    }

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
      return new Sentinel(this, resolveRegistry(), owns);
    }

    /**
     * A detection worker without a source or sinks: the caller feeds it frames ({@link
     * DetectionWorker#process(RawFrame)}) and gets each alert that passes the cooldown, on the calling thread. For
     * capture loops that push frames, and for benchmarks. Needs {@link #registry(PluginRegistry)} or only detectors
     * added by hand when installed plugins are to be closed by the caller.
     */
    public DetectionWorker buildWorker(Consumer<Alert> alerts) {
      return worker(resolveRegistry(), alerts);
    }

    private PluginRegistry resolveRegistry() {
      return registry != null
          ? registry
          : PluginRegistry.load(classLoader != null ? classLoader : Sentinel.class.getClassLoader(), pluginDirectory);
    }

    DetectionWorker worker(PluginRegistry r, Consumer<Alert> alerts) {
      return new DetectionWorker(detectorRuns(r), new AlertStamper(alerts, agentId, hostname, os));
    }

    /** Creates every chosen detector, each with its context and its own cooldown. */
    List<DetectorRun> detectorRuns(PluginRegistry r) {
      List<DetectorRun> created = new ArrayList<>();
      long cooldownNanos = settings.getDurationNanos("alert_cooldown");
      try {
        for (Map.Entry<String, Function<DetectorContext, Detector>> e : detectorFactories(r).entrySet()) {
          PluginContext context = new PluginContext("detector", e.getKey(), settings);
          Detector detector;
          try {
            detector = e.getValue().apply(context);
          } catch (SettingsException ex) {
            throw new SettingsException("detector '" + e.getKey() + "': " + ex.getMessage(), ex);
          }
          Objects.requireNonNull(detector, "detector '" + e.getKey() + "' create() returned null");
          created.add(new DetectorRun(created.size(), e.getKey(), detector, e.getValue(), context,
              new Cooldown(cooldownNanos, cooldownEntries)));
        }
      } catch (RuntimeException e) {
        created.forEach(DetectorRun::close);
        throw e;
      }
      return created;
    }

    /** The worker count: as set, else from the settings, else {@link #automaticWorkers}; never more than detectors. */
    int resolveWorkers(int detectors) {
      int n = workers;
      if (n == 0 && settings.has("detection_workers")) {
        n = settings.getInt("detection_workers");
      }
      if (n == 0) {
        n = automaticWorkers(Runtime.getRuntime().availableProcessors());
      }
      return Math.max(1, Math.min(n, Math.max(1, detectors)));
    }

    /**
     * One worker up to 2 cores, where it measured fastest (docs/benchmarks.md: the run is bound by memory traffic,
     * which a second thread shares rather than adds to); half the cores, at most 4, on larger machines.
     */
    static int automaticWorkers(int cores) {
      return cores <= 2 ? 1 : Math.min(4, cores / 2);
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
