package io.netsentinel.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/** The packaged {@code netsentinel-agent.jar}, run as a user runs it: a separate JVM, real stdout and stderr. */
class AgentJarIT {
  private static final Path JAR = Path.of(System.getProperty("agent.jar", "target/netsentinel-agent.jar"));
  private static final Path TESTDATA = Path.of(System.getProperty("testdata.dir", "../testdata")).resolve("pcaps");

  /** Frame counts of the shared corpus, from tshark, kept in {@code testdata/corpus-frame-counts.tsv}. */
  private static Map<String, Long> corpusCounts() throws IOException {
    Map<String, Long> counts = new java.util.TreeMap<>();
    for (String line : Files.readAllLines(TESTDATA.getParent().resolve("corpus-frame-counts.tsv"))) {
      if (!line.startsWith("#") && !line.isBlank()) {
        String[] cols = line.split("\t");
        counts.put(cols[0], Long.parseLong(cols[1]));
      }
    }
    return counts;
  }

  @TempDir Path dir;

  record Run(int code, List<String> out, String err) {
    String last() {
      return out.isEmpty() ? "" : out.get(out.size() - 1);
    }
  }

  private Run agent(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("java", "-jar", JAR.toString()));
    command.addAll(List.of(args));
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("agent did not finish in 120 s: " + command);
    }
    return new Run(p.exitValue(), Files.readAllLines(out), Files.readString(err, StandardCharsets.UTF_8));
  }

  @Test
  void theJarRunsAndAnswersHelp() throws Exception {
    Run r = agent("--help");
    assertThat(r.code()).isZero();
    assertThat(String.join("\n", r.out())).contains("Usage: netsentinel-agent").contains("--read=PATH");
  }

  @Test
  void aCaptureCutMidRecordStillGivesTheStatsLineAndAWarning() throws Exception {
    byte[] whole = Files.readAllBytes(TESTDATA.resolve("irc_6667_zeek.pcap"));
    Path cut = dir.resolve("cut.pcap");
    Files.write(cut, java.util.Arrays.copyOf(whole, whole.length - 37));
    Run r = agent("--read", cut.toString(), "--json");
    assertThat(r.code()).isZero();
    assertThat(r.last()).startsWith("{\"event_type\":\"stats\",\"packets\":33,");
    assertThat(r.err()).containsIgnoringCase("truncated").doesNotContain("Exception");
  }

  @Test
  void garbageInputIsOneLineAndNoStackTrace() throws Exception {
    Path junk = dir.resolve("junk.bin");
    Files.write(junk, new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
    Run r = agent("--read", junk.toString(), "--json");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().strip().lines()).singleElement().asString()
        .startsWith("netsentinel-agent: error: ").contains("junk.bin");
  }

  @Test
  @EnabledIfSystemProperty(named = "corpus.enabled", matches = "true")
  void everyCorpusCaptureCountsExactlyTheFramesTsharkCounts() throws Exception {
    Path corpus = Path.of(System.getProperty("corpus.dir"));
    Map<String, Long> counts = corpusCounts();
    assertThat(counts).hasSize(33);
    for (Map.Entry<String, Long> e : counts.entrySet()) {
      Run r = agent("--read", corpus.resolve(e.getKey()).toString(), "--json", "--quiet");
      assertThat(r.code()).as(e.getKey()).isZero();
      assertThat(r.last()).as(e.getKey())
          .startsWith("{\"event_type\":\"stats\",\"packets\":" + e.getValue() + ",");
    }
  }
}
