package io.netsentinel.examples.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsentinel.api.LinkTypes;
import io.netsentinel.api.PacketDecoder;
import io.netsentinel.api.PacketSource;
import io.netsentinel.api.PacketView;
import io.netsentinel.api.RawFrame;
import io.netsentinel.api.Settings;
import io.netsentinel.capture.CaptureFiles;
import io.netsentinel.capture.PcapFileWriter;
import io.netsentinel.engine.PipelineStats;
import io.netsentinel.testkit.PacketBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.helpers.NOPLogger;

class EmbeddedExampleTest {
  private static final Path TESTDATA = Path.of(System.getProperty("testdata.dir", "../../testdata"));
  private static final Path SYN_FLOOD_CAPTURE = TESTDATA.resolve("pcaps/synflood_200_synthetic_suricata.pcap");

  @Test
  void printsOneSynFloodAlertForTheSourceThatSentTheThresholdOfSynsWithinTheWindow() throws IOException {
    Settings defaults = Settings.empty();
    CaptureFacts facts = CaptureFacts.of(SYN_FLOOD_CAPTURE, defaults.getDurationNanos("syn_flood_window"));
    int threshold = defaults.getInt("syn_flood_threshold");
    Set<String> flooders = facts.sourcesWithSynsInWindow(threshold);
    assertThat(flooders).as("the capture must hold a flood for this test to mean anything").isNotEmpty();

    Output run = Output.of(SYN_FLOOD_CAPTURE);

    assertThat(run.sources("SYN_FLOOD")).isEqualTo(flooders);
    assertThat(run.alertLines("SYN_FLOOD")).allSatisfy(line -> assertThat(line)
        .startsWith("CRITICAL")
        .contains("sent " + threshold + " SYNs"));
    // One destination port in the capture: far from a port scan.
    assertThat(facts.maxDistinctPortsPerSource()).isLessThan(defaults.getInt("port_scan_threshold"));
    assertThat(run.alertLines("PORT_SCAN")).isEmpty();
    assertThat(run.stats.packets()).isEqualTo(facts.frames);
    assertThat(run.summary()).isEqualTo(SYN_FLOOD_CAPTURE.getFileName() + ": " + facts.frames + " packets, "
        + flooders.size() + " alerts, 0 held back by the cooldown, " + run.stats.elapsedMillis() + " ms");
  }

  @Test
  void printsAPortScanAlertForASourceProbingMorePortsThanTheThreshold(@TempDir Path dir) throws IOException {
    int threshold = Settings.empty().getInt("port_scan_threshold");
    int probes = threshold + 5;
    Path capture = dir.resolve("scan.pcap");
    try (PcapFileWriter writer = new PcapFileWriter(capture, LinkTypes.ETHERNET, 65535)) {
      for (int i = 0; i < probes; i++) {
        byte[] frame = new PacketBuilder().ipv4("10.1.1.5", "10.1.1.9").tcp(40000, 1000 + i, PacketView.TCP_SYN)
            .build();
        writer.write(1_700_000_000_000_000_000L + i * 50_000_000L, frame, 0, frame.length, frame.length);
      }
    }

    Output run = Output.of(capture);

    assertThat(run.alertLines("PORT_SCAN")).singleElement().satisfies(line -> assertThat(line)
        .startsWith("HIGH")
        .contains("10.1.1.5 -> 10.1.1.9")
        .contains("probed " + threshold + " distinct ports"));
    assertThat(run.alertLines("SYN_FLOOD")).isEmpty();
    assertThat(run.summary()).startsWith("scan.pcap: " + probes + " packets, 1 alerts");
  }

  @Test
  void findsTheBundledCaptureFromTheProjectFolderAndFromTheModuleFolder() {
    Path project = TESTDATA.toAbsolutePath().getParent();
    assertThat(EmbeddedExample.defaultCapture(project)).isRegularFile();
    assertThat(EmbeddedExample.defaultCapture(project.resolve("examples/embedded"))).isRegularFile();
  }

  /** What the example printed: one line per alert, then the summary. */
  private record Output(List<String> lines, PipelineStats stats) {
    static Output of(Path capture) throws IOException {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      PipelineStats stats;
      try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
        stats = EmbeddedExample.analyse(capture, out);
      }
      return new Output(bytes.toString(StandardCharsets.UTF_8).lines().toList(), stats);
    }

    List<String> alertLines(String category) {
      return lines.subList(0, lines.size() - 1).stream()
          .filter(l -> l.split("\\s+")[1].equals(category)).toList();
    }

    Set<String> sources(String category) {
      Set<String> out = new TreeSet<>();
      alertLines(category).forEach(l -> out.add(l.split("\\s+")[2]));
      return out;
    }

    String summary() {
      return lines.get(lines.size() - 1);
    }
  }

  /** Counts taken from the capture itself, independently of the detectors. */
  private static final class CaptureFacts {
    final Map<String, List<Long>> synTimes = new HashMap<>();
    final Map<String, Set<Integer>> synPorts = new HashMap<>();
    final long windowNanos;
    long frames;

    private CaptureFacts(long windowNanos) {
      this.windowNanos = windowNanos;
    }

    static CaptureFacts of(Path capture, long windowNanos) throws IOException {
      CaptureFacts facts = new CaptureFacts(windowNanos);
      PacketDecoder decoder = new PacketDecoder();
      PacketView view = new PacketView();
      RawFrame frame = new RawFrame();
      try (PacketSource source = CaptureFiles.open(capture, NOPLogger.NOP_LOGGER)) {
        while (source.next(frame)) {
          facts.frames++;
          decoder.decode(frame, view);
          if (view.isSynOnly()) {
            String src = view.srcAddressText();
            facts.synTimes.computeIfAbsent(src, k -> new ArrayList<>()).add(view.timestampNanos());
            facts.synPorts.computeIfAbsent(src, k -> new TreeSet<>()).add(view.dstPort());
          }
        }
      }
      return facts;
    }

    /** Sources with at least {@code count} SYN-only packets inside one window. */
    Set<String> sourcesWithSynsInWindow(int count) {
      Set<String> out = new TreeSet<>();
      synTimes.forEach((src, times) -> {
        ArrayDeque<Long> window = new ArrayDeque<>();
        for (long t : times) {
          window.addLast(t);
          while (t - window.peekFirst() > windowNanos) {
            window.removeFirst();
          }
          if (window.size() >= count) {
            out.add(src);
          }
        }
      });
      return out;
    }

    int maxDistinctPortsPerSource() {
      return synPorts.values().stream().mapToInt(Set::size).max().orElse(0);
    }
  }
}
