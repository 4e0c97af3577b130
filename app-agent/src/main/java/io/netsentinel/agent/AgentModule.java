package io.netsentinel.agent;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.name.Named;
import com.google.inject.name.Names;
import io.netsentinel.api.AlertSink;
import io.netsentinel.api.PacketSource;
import io.netsentinel.api.Settings;
import io.netsentinel.capture.CaptureFiles;
import io.netsentinel.capture.LiveCapture;
import io.netsentinel.capture.LiveOptions;
import io.netsentinel.engine.Sentinel;
import io.netsentinel.sinks.Sinks;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Assembles one agent run: the packet source ({@code --read} files or {@code pcap-live}), the detectors from the plugin
 * registry, the sinks of the config ({@code tls}, …) and the agent's own (summary, which /metrics also reads, stdout,
 * EVE, the OS event log, the tray), and, when live, the Vert.x instance behind the local endpoints and the timers.
 */
final class AgentModule extends AbstractModule {
  private static final Logger LOG = LoggerFactory.getLogger(AgentModule.class);

  private final RunOptions options;
  private final Settings settings;
  private final Path pluginDir;
  private final PrintStream out;

  AgentModule(RunOptions options, Settings settings, Path pluginDir, PrintStream out) {
    this.options = options;
    this.settings = settings;
    this.pluginDir = pluginDir;
    this.out = out;
  }

  @Override
  protected void configure() {
    bind(RunOptions.class).toInstance(options);
    bind(Settings.class).toInstance(settings);
    bind(PrintStream.class).annotatedWith(Names.named("stdout")).toInstance(out);
    bind(Summary.class).in(Singleton.class);
    bind(TrayRelay.class).in(Singleton.class);

    // The agent's own sinks, in delivery order; the config's sinks (tls, …) are added by id in sentinel().
    Multibinder<AlertSink> sinks = Multibinder.newSetBinder(binder(), AlertSink.class);
    sinks.addBinding().to(Summary.class);
    sinks.addBinding().toInstance(options.json() ? Sinks.jsonLines(out) : new TextAlertSink(out));
    if (options.eve() != null) {
      sinks.addBinding().to(com.google.inject.Key.get(AlertSink.class, Names.named("eve")));
    }
    if (options.live()) {
      if (options.eventLog()) {
        AlertSink eventLog = EventLogSinks.forOs(System.getProperty("os.name"), options.sensorName(), LOG::warn);
        if (eventLog != null) {
          sinks.addBinding().toInstance(eventLog);
        }
      }
      if (options.tray()) {
        sinks.addBinding().to(TrayRelay.class);
      }
    }
  }

  /** {@code --eve FILE}: opening the file may fail, which the command reports in one line. */
  @Provides
  @Singleton
  @Named("eve")
  AlertSink eve() throws IOException {
    try {
      return Sinks.eve(options.eve());
    } catch (IOException e) {
      throw new IOException("--eve " + options.eve() + ": cannot open it for appending ("
          + io.netsentinel.cli.CommandLines.describe(e) + ")", e);
    }
  }

  @Provides
  @Singleton
  PacketSource source() throws IOException {
    Logger log = LoggerFactory.getLogger("io.netsentinel.capture");
    if (!options.live()) {
      PacketSource files = CaptureFiles.open(options.read(), log);
      if (options.rebaseTime()) {
        return new RebasedSource(files, () -> {
          java.time.Instant now = java.time.Instant.now();
          return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        });
      }
      return files;
    }
    LiveOptions live = LiveOptions.from(settings.section("sources", "pcap-live"));
    if (options.iface() != null) {
      live = live.withInterface(options.iface());
    }
    if (options.filter() != null) {
      live = live.withFilter(options.filter());
    }
    return LiveCapture.open(live, log);
  }

  @Provides
  @Singleton
  Sentinel sentinel(PacketSource source, Set<AlertSink> agentSinks) {
    Sentinel.Builder builder =
        Sentinel.builder()
            .settings(settings)
            .pluginDirectory(pluginDir)
            .classLoader(AgentModule.class.getClassLoader())
            .identity(null, options.sensorName(), HostIdentity.os())
            .dropWhenFull(options.live())
            .source(source);
    if (options.detectors() != null) {
      builder.detectors(options.detectors().toArray(new String[0]));
    }
    if (options.workers() != null) {
      builder.workers(options.workers());
    }
    for (String id : settings.sectionIds("sinks")) {
      if (settings.section("sinks", id).getBoolean("enabled", true)) {
        builder.sink(id);
      }
    }
    agentSinks.forEach(builder::sink);
    return builder.build();
  }

  /** Live only: a small Vert.x for the local endpoints and the timers (one event loop, no worker pool to speak of). */
  @Provides
  @Singleton
  Vertx vertx() {
    return Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1).setInternalBlockingPoolSize(1));
  }
}
