package io.netsentinel.detectors;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsentinel.api.Alert;
import io.netsentinel.api.AlertJson;
import io.netsentinel.api.DetectorProvider;
import io.netsentinel.api.PacketSource;
import io.netsentinel.capture.CaptureFiles;
import io.netsentinel.engine.PipelineStats;
import io.netsentinel.engine.Sentinel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.slf4j.helpers.NOPLogger;

/**
 * One detection worker and several give the same alerts, byte for byte and in the same order, with the same
 * statistics: every capture of the bundled test data and (with the corpus profile) of the shared corpus, one by one
 * and all of them as one stream (a directory read, so new timelines happen mid-run).
 */
class WorkerCountEquivalenceTest {
  private static final Path TESTDATA = Path.of(System.getProperty("testdata.dir", "../testdata")).resolve("pcaps");
  private static final Path CORPUS = Path.of(System.getProperty("corpus.dir", "../../shared/pcaps"));
  private static final boolean CORPUS_ENABLED = Boolean.getBoolean("corpus.enabled");

  @Test
  void everyCaptureGivesTheSameAlertsWithOneTwoOrFourWorkers() throws IOException {
    List<Path> captures = new ArrayList<>(captures(TESTDATA));
    if (CORPUS_ENABLED) {
      captures.addAll(captures(CORPUS));
    }
    assertThat(captures).hasSizeGreaterThan(10);
    int withAlerts = 0;
    for (Path capture : captures) {
      String one = run(capture, 1);
      if (one.contains("\"event_type\":\"alert\"")) {
        withAlerts++;
      }
      assertThat(run(capture, 2)).as("2 workers on %s", capture.getFileName()).isEqualTo(one);
      assertThat(run(capture, 4)).as("4 workers on %s", capture.getFileName()).isEqualTo(one);
    }
    assertThat(withAlerts).as("captures with alerts, so the comparison covers alerts").isGreaterThan(5);
  }

  @Test
  void aDirectoryReadAsOneStreamGivesTheSameAlertsWithOneOrThreeWorkers() throws IOException {
    Path dir = CORPUS_ENABLED ? CORPUS : TESTDATA;
    String one = run(dir, 1);
    assertThat(one).contains("\"timelines\"").contains("\"event_type\":\"alert\"");
    assertThat(run(dir, 3)).isEqualTo(one);
  }

  private static List<Path> captures(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".pcap") || p.toString().endsWith(".pcapng")).sorted().toList();
    }
  }

  /** The alerts as JSON lines, then the statistics without the elapsed time. */
  private static String run(Path capture, int workers) throws IOException {
    List<Alert> alerts = new ArrayList<>();
    Sentinel.Builder builder = Sentinel.builder().workers(workers).identity("agent-1", "host", "os");
    for (DetectorProvider p : CorpusGoldenTest.allDetectors()) {
      builder.detector(p);
    }
    builder.detectors();
    PacketSource source = CaptureFiles.open(capture, NOPLogger.NOP_LOGGER);
    PipelineStats stats;
    try (Sentinel sentinel = builder.source(source).sink(alerts::add).build()) {
      assertThat(sentinel.detectionWorkers()).isEqualTo(workers);
      stats = sentinel.run();
    }
    StringBuilder out = new StringBuilder();
    AlertJson json = new AlertJson();
    for (Alert a : alerts) {
      out.append(json.write(a)).append('\n');
    }
    PipelineStats comparable = new PipelineStats(stats.packets(), stats.bytes(), stats.decodeErrors(),
        stats.clockRegressions(), stats.timelines(), stats.alerts(), stats.suppressed(), stats.dropped(),
        stats.detectorErrors(), stats.sinkErrors(), stats.alertsByDetector(), stats.tables(), stats.counters(), 0);
    return out.append("\"timelines\" ").append(comparable).toString();
  }
}
