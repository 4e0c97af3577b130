package io.netsentinel.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsentinel.api.Severity;
import io.netsentinel.api.SourceStats;
import io.netsentinel.engine.PipelineStats;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The closing summary: what a live run adds (capture and alert drops) and what a file run leaves out. */
class SummaryTest {
  private static PipelineStats stats(long dropped) {
    return new PipelineStats(1000, 64_000, 0, 0, 1, 1, 0, dropped, 0, 0, Map.of("syn-flood", 1L), List.of(),
        Map.of(), 2_000_000_000L);
  }

  private static String print(Summary summary, PipelineStats stats, SourceStats capture) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    summary.print(stats, capture, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aLiveRunShowsTheCaptureDropsWithAHintAndTheAlertsDropped() {
    Summary summary = new Summary();
    summary.accept(EventLogSinkTest.alert(Severity.HIGH, "flood"));
    String text = print(summary, stats(3), new SourceStats(1012, 12, 2, 64_000, -1));
    assertThat(text).contains("capture drops  12 by the kernel (buffer full), 2 by the interface (raise")
        .contains("alerts dropped 3 (the sinks fell behind the capture)")
        .contains("by severity    HIGH 1");
  }

  @Test
  void aCleanLiveRunSaysZeroDropsWithoutAHint() {
    String text = print(new Summary(), stats(0), new SourceStats(1000, 0, 0, 64_000, -1));
    assertThat(text).contains("capture drops  0 by the kernel (buffer full), 0 by the interface\n")
        .doesNotContain("alerts dropped");
  }

  @Test
  void aFileHasNoCaptureDropsLine() {
    String text = print(new Summary(), stats(0), new SourceStats(1000, -1, -1, 64_000, 64_000));
    assertThat(text).doesNotContain("capture drops");
  }

  @Test
  void theSourceTallyIsBoundedAndSaysWhatItLeftOut() {
    Summary summary = new Summary(2);
    for (String src : new String[] {"10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.1", "10.0.0.4"}) {
      summary.accept(new io.netsentinel.api.Alert("a-" + src, java.time.Instant.EPOCH, Severity.LOW, "PORT_SCAN",
          "port-scan", "m", src, null, null, null, null, null, null, "h", "os", Map.of()));
    }
    String text = print(summary, stats(0), null);
    assertThat(text).contains("10.0.0.1                                 2")
        .contains("10.0.0.2                                 1").doesNotContain("10.0.0.3").doesNotContain("10.0.0.4")
        .contains("(2 more alerts from sources past the first 2, not ranked)");
  }
}
