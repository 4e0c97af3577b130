package io.netsentinel.agent;

import ch.qos.logback.classic.Level;
import io.netsentinel.api.Settings;
import io.netsentinel.api.SettingsException;
import io.netsentinel.capture.CaptureFiles;
import io.netsentinel.engine.PipelineStats;
import io.netsentinel.engine.PluginRegistry;
import io.netsentinel.engine.Sentinel;
import io.netsentinel.sinks.Sinks;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(
    name = "netsentinel-agent",
    mixinStandardHelpOptions = true,
    versionProvider = AgentVersion.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "NetSentinel agent: runs the detectors over packets and reports alerts.",
      "",
      "Offline: --read PATH analyses a pcap or pcapng file, or a directory of them, and prints the alerts.",
      "Live: without --read it captures on --iface (default: the first interface that is up, not loopback, and has",
      "an address) until Ctrl-C, SIGTERM or --duration; live capture needs root or CAP_NET_RAW and CAP_NET_ADMIN."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:finished", "1:bad input, config or plugin (one line on stderr)", "2:bad command line"})
final class AgentCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(AgentCommand.class);

  @Spec CommandSpec spec;

  private final PrintStream out;

  AgentCommand(PrintStream out) {
    this.out = out;
  }

  @Option(
      names = {"-r", "--read"},
      paramLabel = "PATH",
      description = "Analyse a pcap/pcapng file, or every capture in a directory (name order), then exit.")
  Path read;

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description = "sentinel_config.json to use (default: built-in defaults).")
  Path config;

  @Option(
      names = "--json",
      description = "Print one JSON object per alert on stdout, then a stats line; logs stay on stderr.")
  boolean json;

  @Option(names = "--eve", paramLabel = "FILE", description = "Also append Suricata EVE alert records to FILE.")
  Path eve;

  @Option(
      names = "--server",
      paramLabel = "URL",
      description = "Also send the alerts to this NetSentinel server (https://host:port), through the disk spool;"
          + " needs api_key and ca_cert in the config.")
  String server;

  @Option(
      names = "--insecure",
      description = "Do not verify the server's certificate (prints a warning). Never use it in production.")
  boolean insecure;

  @Option(
      names = "--detectors",
      paramLabel = "ID",
      split = ",",
      description = "Run only these detectors (comma-separated ids; see --list-plugins).")
  List<String> detectors;

  @Option(
      names = "--plugins",
      paramLabel = "DIR",
      description = "Plugin folder (default: plugins/ beside the config file, when it exists).")
  Path plugins;

  @Option(names = "--list-plugins", description = "List the detectors, sources and sinks found, then exit.")
  boolean listPlugins;

  @Option(names = {"-i", "--iface"}, paramLabel = "NAME", description = "Live: the interface to capture on.")
  String iface;

  @Option(names = {"-f", "--filter"}, paramLabel = "BPF", description = "Live: a BPF capture filter (tcpdump syntax).")
  String filter;

  @Option(names = "--duration", paramLabel = "SECONDS",
      description = "Live: stop after this many seconds (default: run until stopped).")
  Long duration;

  @Option(names = "--no-tray", description = "Live: no system tray icon (there is none when headless anyway).")
  boolean noTray;

  @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "9911",
      description = "Live: serve GET /healthz and GET /metrics (Prometheus) on 127.0.0.1:PORT; 0 disables"
          + " (default: ${DEFAULT-VALUE}).")
  int httpPort;

  @Option(names = "--list-interfaces", description = "List the capture interfaces with their addresses, then exit.")
  boolean listInterfaces;

  @Option(names = "--no-event-log",
      description = "Live: do not copy CRITICAL and HIGH alerts to syslog (Linux, macOS) or the Windows Event Log.")
  boolean noEventLog;

  @Option(names = "--install",
      description = "Install the agent as an OS service (systemd, launchd or WinSW) running this JAR with --config, then exit.")
  boolean install;

  @Option(names = "--uninstall", description = "Remove the OS service, then exit.")
  boolean uninstall;

  @Option(names = "--start", description = "Start the installed OS service, then exit.")
  boolean start;

  @Option(names = "--stop", description = "Stop the OS service, then exit.")
  boolean stop;

  @Option(names = "--progress", negatable = true, description = "Show a progress bar on stderr (default: when interactive).")
  Boolean progress;

  @Option(names = "--debug", description = "Debug logging, and stack traces with errors.")
  boolean debug;

  @Option(names = {"-q", "--quiet"}, description = "Only warnings and errors on stderr.")
  boolean quiet;

  @Override
  public Integer call() throws IOException {
    configureLogging();
    Settings settings = loadSettings();
    if (install || uninstall || start || stop) {
      return serviceAction(settings);
    }
    Path pluginDir = pluginDirectory();
    if (listPlugins) {
      try (PluginRegistry registry = PluginRegistry.load(getClass().getClassLoader(), pluginDir)) {
        PluginListing.print(registry, out);
      }
      out.flush();
      return 0;
    }
    if (listInterfaces) {
      for (io.netsentinel.capture.LiveInterface i : io.netsentinel.capture.LiveCapture.interfaces()) {
        out.println(i);
      }
      out.flush();
      return 0;
    }
    return new Run(settings, pluginDir).run();
  }

  private int serviceAction(Settings settings) throws IOException {
    if ((install ? 1 : 0) + (uninstall ? 1 : 0) + (start ? 1 : 0) + (stop ? 1 : 0) > 1) {
      throw new SettingsException("use one of --install, --uninstall, --start and --stop at a time");
    }
    Path jar = agentJar();
    ServiceManager manager = ServiceManager.forOs(System.getProperty("os.name"), jar.toAbsolutePath().getParent());
    if (install) {
      Path java = Path.of(System.getProperty("java.home"), "bin",
          System.getProperty("os.name").startsWith("Windows") ? "java.exe" : "java");
      manager.install(new ServiceDefinition(java, jar, config, settings.getPath("data_dir")), out);
    } else if (uninstall) {
      manager.uninstall(out);
    } else if (start) {
      manager.start(out);
    } else {
      manager.stop(out);
    }
    out.flush();
    return 0;
  }

  /** The JAR this agent runs from; a service cannot be installed from unpacked classes. */
  private static Path agentJar() throws IOException {
    try {
      Path location = Path.of(AgentCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (Files.isRegularFile(location) && location.toString().endsWith(".jar")) {
        return location;
      }
      throw new IOException("the service runs the agent JAR: start this as java -jar netsentinel-agent.jar --install"
          + " (running from " + location + ")");
    } catch (java.net.URISyntaxException | SecurityException e) {
      throw new IOException("cannot find the agent JAR: " + e.getMessage(), e);
    }
  }

  private void configureLogging() {
    ch.qos.logback.classic.Logger root =
        (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    if (debug) {
      root.setLevel(Level.DEBUG);
    } else if (quiet) {
      root.setLevel(Level.WARN);
    }
  }

  private Settings loadSettings() throws IOException {
    Settings settings = config == null ? Settings.empty() : Settings.load(config);
    settings = settings.withEnvironment(System.getenv());
    if (server != null || insecure) {
      settings = withTlsSink(settings);
    }
    for (String warning : settings.warnings()) {
      LOG.warn(warning);
    }
    return settings;
  }

  /** {@code --server} and {@code --insecure} enable the {@code tls} sink on top of the config's own section. */
  private Settings withTlsSink(Settings settings) {
    java.util.Map<String, Object> sinks = new java.util.LinkedHashMap<>();
    for (String id : settings.sectionIds("sinks")) {
      sinks.put(id, settings.sectionValues("sinks", id));
    }
    java.util.Map<String, Object> tls = new java.util.LinkedHashMap<>(settings.sectionValues("sinks", "tls"));
    if (server != null) {
      tls.put("url", server);
    }
    if (insecure) {
      tls.put("insecure", true);
    }
    tls.put("enabled", true);
    sinks.put("tls", tls);
    return settings.with("sinks", sinks);
  }

  private Path pluginDirectory() {
    if (plugins != null) {
      if (!Files.isDirectory(plugins)) {
        throw new SettingsException("--plugins " + plugins + ": not a directory");
      }
      return plugins;
    }
    Path base = config != null && config.toAbsolutePath().getParent() != null
        ? config.toAbsolutePath().getParent()
        : Path.of("");
    Path beside = base.resolve("plugins");
    return Files.isDirectory(beside) ? beside : null;
  }

  /**
   * One run: an offline analysis of {@code --read}, or live capture until stopped. Source, engine, sinks, progress
   * and the closing summary.
   */
  private final class Run {
    private final Settings settings;
    private final Path pluginDir;

    Run(Settings settings, Path pluginDir) {
      this.settings = settings;
      this.pluginDir = pluginDir;
    }

    private io.netsentinel.api.PacketSource source() throws IOException {
      if (read != null) {
        return CaptureFiles.open(read, LoggerFactory.getLogger("io.netsentinel.capture"));
      }
      io.netsentinel.capture.LiveOptions options =
          io.netsentinel.capture.LiveOptions.from(settings.section("sources", "pcap-live"));
      if (iface != null) {
        io.netsentinel.capture.LiveOptions named = io.netsentinel.capture.LiveOptions.defaults(iface);
        options = new io.netsentinel.capture.LiveOptions(iface, options.filter(), options.snaplen(),
            options.promiscuous(), options.immediate(), options.bufferSize(), named.timeoutMillis());
      }
      if (filter != null) {
        options = options.withFilter(filter);
      }
      return io.netsentinel.capture.LiveCapture.open(options, LoggerFactory.getLogger("io.netsentinel.capture"));
    }

    int run() throws IOException {
      boolean live = read == null;
      io.netsentinel.api.PacketSource source = source();
      Sentinel.Builder builder =
          Sentinel.builder()
              .settings(settings)
              .pluginDirectory(pluginDir)
              .classLoader(AgentCommand.class.getClassLoader())
              .identity(null, HostIdentity.hostname(), HostIdentity.os())
              .dropWhenFull(live)
              .source(source);
      if (detectors != null) {
        builder.detectors(detectors.toArray(new String[0]));
      }
      for (String id : settings.sectionIds("sinks")) {
        if (settings.section("sinks", id).getBoolean("enabled", true)) {
          builder.sink(id);
        }
      }
      Summary summary = new Summary();
      builder.sink(summary);
      if (json) {
        builder.sink(Sinks.jsonLines(out));
      } else {
        builder.sink(new TextAlertSink(out));
      }
      if (eve != null) {
        builder.sink(Sinks.eve(eve));
      }
      if (live && !noEventLog) {
        io.netsentinel.api.AlertSink eventLog =
            EventLogSinks.forOs(System.getProperty("os.name"), HostIdentity.hostname(), LOG::warn);
        if (eventLog != null) {
          builder.sink(eventLog);
        }
      }
      java.util.concurrent.atomic.AtomicReference<AgentTray> tray = new java.util.concurrent.atomic.AtomicReference<>();
      if (live && !noTray) {
        builder.sink(alert -> {
          AgentTray t = tray.get();
          if (t != null) {
            t.onAlert(alert.severity());
          }
        });
      }
      LocalEndpoints.AlertCounter alertCounter = null;
      if (live && httpPort > 0) {
        alertCounter = new LocalEndpoints.AlertCounter();
        builder.sink(alertCounter);
      }
      PipelineStats stats;
      try (Sentinel sentinel = builder.build()) {
        if (live) {
          LocalEndpoints endpoints = null;
          if (alertCounter != null) {
            try {
              endpoints = LocalEndpoints.start(httpPort, sentinel::progress, alertCounter);
              LOG.info("serving /healthz and /metrics on http://127.0.0.1:{}", endpoints.port());
            } catch (IOException | IllegalArgumentException e) {
              LOG.warn("cannot serve /healthz and /metrics on 127.0.0.1:{}: {}", httpPort, e.toString());
            }
          }
          if (!noTray) {
            String dashboard = dashboardUrl();
            AgentTray.start(() -> dashboard,
                () -> String.format("packets %,d%nserver %s", sentinel.progress().packets(), dashboard),
                () -> {
                  sentinel.stop();
                  try {
                    source.close();
                  } catch (IOException e) {
                    LOG.debug("closing the capture: {}", e.toString());
                  }
                }).ifPresent(tray::set);
          }
          try {
            stats = runLive(sentinel, source);
          } finally {
            if (endpoints != null) {
              endpoints.close();
            }
            AgentTray t = tray.getAndSet(null);
            if (t != null) {
              t.close();
            }
          }
        } else {
          try (ProgressDisplay display = ProgressDisplay.start(sentinel, showProgress())) {
            stats = sentinel.run();
            display.finish();
          }
        }
      }
      if (json) {
        out.println(StatsLine.json(stats));
      } else {
        summary.print(stats, out);
      }
      out.flush();
      return 0;
    }

    /** The server's dashboard address: {@code --server}, else server_host and server_port from the config. */
    private String dashboardUrl() {
      if (server != null) {
        return server.endsWith("/") ? server : server + "/";
      }
      return "https://" + settings.getString("server_host") + ":" + settings.getInt("server_port") + "/";
    }

    /** Captures until SIGINT/SIGTERM or {@code --duration}; then the pipeline and the sinks flush. */
    private PipelineStats runLive(Sentinel sentinel, io.netsentinel.api.PacketSource source) throws IOException {
      java.util.concurrent.CountDownLatch finished = new java.util.concurrent.CountDownLatch(1);
      Runnable stop = () -> {
        sentinel.stop();
        try {
          source.close();
        } catch (IOException e) {
          LOG.debug("closing the capture: {}", e.toString());
        }
      };
      Thread hook = new Thread(() -> {
        stop.run();
        try {
          // Let the run flush its sinks (and the spool) before the JVM exits.
          finished.await(15, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "netsentinel-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      java.util.concurrent.ScheduledExecutorService timer = null;
      if (duration != null) {
        timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
          Thread t = new Thread(r, "netsentinel-duration");
          t.setDaemon(true);
          return t;
        });
        timer.schedule(stop, duration, java.util.concurrent.TimeUnit.SECONDS);
      }
      LOG.info("capturing live{}; stop with Ctrl-C", duration != null ? " for " + duration + " s" : "");
      try {
        return sentinel.run();
      } finally {
        finished.countDown();
        if (timer != null) {
          timer.shutdownNow();
        }
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
          // Already shutting down: the hook is running and waits for us.
        }
      }
    }

    private boolean showProgress() {
      if (progress != null) {
        return progress;
      }
      // Interactive, and stdout not carrying JSON that a bar on the same terminal would garble.
      return System.console() != null && !quiet;
    }
  }
}
