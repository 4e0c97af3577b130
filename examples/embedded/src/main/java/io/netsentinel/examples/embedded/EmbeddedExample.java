package io.netsentinel.examples.embedded;

import io.netsentinel.api.Alert;
import io.netsentinel.api.Settings;
import io.netsentinel.capture.CaptureFiles;
import io.netsentinel.engine.PipelineStats;
import io.netsentinel.engine.Sentinel;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * NetSentinel embedded in a plain Java program: read a capture, run two stock detectors over it, print each alert
 * and a one-line summary. Usage: {@code EmbeddedExample [capture.pcap]}.
 */
public final class EmbeddedExample {
  static final String DEFAULT_CAPTURE = "testdata/pcaps/synflood_200_synthetic_suricata.pcap";

  private EmbeddedExample() {}

  public static void main(String[] args) {
    Path capture = args.length > 0 ? Path.of(args[0]) : defaultCapture(Path.of("").toAbsolutePath());
    try {
      analyse(capture, System.out);
    } catch (IOException | RuntimeException e) {
      // The engine's messages name the file, setting or plugin at fault: one line is enough.
      System.err.println("embedded example: " + e.getMessage());
      System.exit(1);
    }
  }

  /** Runs the engine over one capture, printing to {@code out}, and returns the run's counters. */
  static PipelineStats analyse(Path capture, PrintStream out) throws IOException {
    // Any key of sentinel_config.json can be set in code (or use Settings.load(path) for a file).
    Settings settings = Settings.empty().with("syn_flood_threshold", 200).with("alert_cooldown", 15);

    try (Sentinel sentinel = Sentinel.builder()
        .settings(settings)
        .source(CaptureFiles.open(capture, LoggerFactory.getLogger(EmbeddedExample.class)))
        .detectors("port-scan", "syn-flood") // stock detectors, found on the classpath by id
        .sink(alert -> out.println(describe(alert))) // a lambda is an AlertSink; it runs on the sink thread
        .build()) {
      PipelineStats stats = sentinel.run(); // reads to the end, delivers every alert, flushes the sinks
      out.printf("%s: %d packets, %d alerts, %d held back by the cooldown, %d ms%n",
          capture.getFileName(), stats.packets(), stats.alerts(), stats.suppressed(), stats.elapsedMillis());
      return stats;
    }
  }

  /** One alert as one line: severity, category, who did it to whom, and what the detector says. */
  static String describe(Alert alert) {
    String port = alert.destPort() == null ? "" : ":" + alert.destPort();
    String dest = alert.destIp() == null ? "-" : alert.destIp() + port;
    return String.format("%-8s %-10s %s -> %s  %s", alert.severity(), alert.category(), alert.srcIp(), dest,
        alert.message());
  }

  /** The bundled capture, found from the project folder or from this module's folder. */
  static Path defaultCapture(Path workingDir) {
    Path fromProject = workingDir.resolve(DEFAULT_CAPTURE);
    Path fromModule = workingDir.resolve("../..").resolve(DEFAULT_CAPTURE).normalize();
    return Files.exists(fromProject) || !Files.exists(fromModule) ? fromProject : fromModule;
  }
}
