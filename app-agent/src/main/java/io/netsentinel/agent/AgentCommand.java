package io.netsentinel.agent;

import ch.qos.logback.classic.Level;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.ProvisionException;
import io.netsentinel.api.Settings;
import io.netsentinel.api.SettingsException;
import io.netsentinel.engine.PluginRegistry;
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
      names = "--rebase-time",
      description = "With --read: shift every timestamp so that the capture starts now (a replay as if live; the"
          + " alerts carry today's time). Gaps and order are kept.")
  boolean rebaseTime;

  @Option(
      names = "--sensor-name",
      paramLabel = "NAME",
      description = "The name this agent reports as, on alerts and on the server (default: the host name).")
  String sensorName;

  @Option(
      names = "--detectors",
      paramLabel = "ID",
      split = ",",
      description = "Run only these detectors (comma-separated ids; see --list-plugins).")
  List<String> detectors;

  @Option(
      names = "--workers",
      paramLabel = "N",
      description = "Threads that run the detectors, the reading thread included (default: detection_workers in the"
          + " config, else 1 up to 2 cores, else half the cores, at most 4). Any number gives the same alerts in the same order.")
  Integer workers;

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
    if (workers != null && workers < 1) {
      throw new SettingsException("--workers must be a positive integer, was " + workers);
    }
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
    Injector injector = Guice.createInjector(new AgentModule(runOptions(settings), settings, pluginDir, out));
    try {
      return injector.getInstance(AgentRun.class).run();
    } catch (ProvisionException e) {
      throw userError(e);
    }
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

  /** The options of this run, for {@link AgentModule}. */
  private RunOptions runOptions(Settings settings) {
    if (rebaseTime && read == null) {
      throw new SettingsException("--rebase-time: only with --read (live packets already carry the current time)");
    }
    if (sensorName != null && (sensorName.isBlank() || sensorName.length() > 255)) {
      throw new SettingsException("--sensor-name: expected 1 to 255 characters");
    }
    return new RunOptions(read, json, eve, detectors, iface, filter, duration, !noTray, httpPort, !noEventLog,
        dashboardUrl(settings), showProgress(), sensorName != null ? sensorName : HostIdentity.hostname(), rebaseTime,
        workers);
  }

  /** The server's dashboard address: {@code --server}, else server_host and server_port from the config. */
  private String dashboardUrl(Settings settings) {
    if (server != null) {
      return server.endsWith("/") ? server : server + "/";
    }
    return "https://" + settings.getString("server_host") + ":" + settings.getInt("server_port") + "/";
  }

  private boolean showProgress() {
    if (progress != null) {
      return progress;
    }
    // Interactive, and stdout not carrying JSON that a bar on the same terminal would garble.
    return System.console() != null && !quiet;
  }

  /**
   * The user's error behind Guice's wrapper (a bad config value met while the agent is assembled), so that it is shown
   * as one line like any other; a real bug stays wrapped.
   */
  private static RuntimeException userError(ProvisionException e) {
    Throwable cause = e.getCause();
    if (cause instanceof IOException io) {
      return new java.io.UncheckedIOException(io);
    }
    if (cause instanceof SettingsException || cause instanceof io.netsentinel.engine.PluginException
        || cause instanceof java.io.UncheckedIOException) {
      return (RuntimeException) cause;
    }
    return e;
  }
}
