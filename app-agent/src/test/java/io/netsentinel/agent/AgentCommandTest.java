package io.netsentinel.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent's command line, run in-process: exit codes, stdout contract, and one-line errors. */
class AgentCommandTest {
  static final Path TESTDATA = Path.of(System.getProperty("testdata.dir", "../testdata")).resolve("pcaps");

  @TempDir Path dir;

  record Result(int code, String out, String err) {
    List<String> lines() {
      return out.isEmpty() ? List.of() : Arrays.asList(out.split("\n"));
    }
  }

  static Result agent(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = AgentMain.run(o, e, args);
    }
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void helpListsTheOfflineOptionsAndExitsZero() {
    Result r = agent("--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("--read=PATH").contains("--json").contains("--config=FILE").contains("--list-plugins")
        .contains("Exit codes");
  }

  @Test
  void jsonModeEndsWithAStatsLineWhosePacketCountMatchesTshark() {
    Result r = agent("--read", TESTDATA.resolve("vlan_8021q_http_zeek.pcap").toString(), "--json", "--quiet");
    assertThat(r.code()).isZero();
    String last = r.lines().get(r.lines().size() - 1);
    assertThat(last).startsWith("{\"event_type\":\"stats\",\"packets\":14,\"bytes\":")
        .contains("\"decode_errors\":0").contains("\"alerts\":0").contains("\"elapsed_ms\":");
  }

  @Test
  void aDirectoryIsReadAsOneStream() {
    Result r = agent("--read", TESTDATA.toString(), "--json", "--quiet");
    assertThat(r.code()).isZero();
    assertThat(r.lines().get(r.lines().size() - 1)).contains("\"packets\":4038,");
  }

  @Test
  void withoutJsonItPrintsAHumanSummary() {
    Result r = agent("--read", TESTDATA.resolve("sll_v1_arp_zeek.pcap").toString(), "--quiet");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("Summary").contains("packets        12").contains("decode errors  0");
  }

  @Test
  void aMissingFileIsOneLineOnStderrAndExitCodeOne() {
    Result r = agent("--read", dir.resolve("nope.pcap").toString(), "--json");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().strip()).startsWith("netsentinel-agent: error: ").contains("nope.pcap").doesNotContain("\n")
        .doesNotContain("Exception");
  }

  @Test
  void aFileThatIsNotACaptureIsOneLineOnStderr() throws Exception {
    Path notes = dir.resolve("notes.pcap");
    Files.writeString(notes, "<!DOCTYPE html><html>not a capture</html>");
    Result r = agent("--read", notes.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err().strip()).startsWith("netsentinel-agent: error: ").contains("notes.pcap")
        .contains("not a pcap or pcapng file").doesNotContain("\n");
  }

  @Test
  void aBadConfigValueNamesTheKey() throws Exception {
    Path config = dir.resolve("sentinel_config.json");
    Files.writeString(config, "{\"port_scan_threshold\": -3}");
    Result r = agent("--read", TESTDATA.resolve("vlan_qinq_zeek.pcap").toString(), "--config", config.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err().strip())
        .isEqualTo("netsentinel-agent: error: " + config + ": port_scan_threshold: expected a positive integer, got -3");
  }

  @Test
  void anUnknownDetectorIdIsAnErrorNotASilentNoOp() {
    Result r = agent("--read", TESTDATA.resolve("vlan_qinq_zeek.pcap").toString(), "--detectors", "port-scna");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err().strip()).startsWith("netsentinel-agent: error: no detector with id 'port-scna' is installed");
  }

  @Test
  void workersGiveTheSameOutputAndZeroWorkersIsAOneLineError() {
    String capture = TESTDATA.resolve("synflood_200_synthetic_suricata.pcap").toString();
    Result one = agent("--read", capture, "--json", "--workers", "1");
    Result two = agent("--read", capture, "--json", "--workers", "2");
    assertThat(one.code()).isZero();
    assertThat(two.code()).isZero();
    assertThat(one.out()).contains("\"category\":\"SYN_FLOOD\"");
    assertThat(withoutTimings(two.out())).isEqualTo(withoutTimings(one.out()));
    Result zero = agent("--read", capture, "--workers", "0");
    assertThat(zero.code()).isEqualTo(1);
    assertThat(zero.err().strip()).isEqualTo("netsentinel-agent: error: --workers must be a positive integer, was 0");
  }

  private static String withoutTimings(String json) {
    return json.replaceAll("\"(elapsed_ms|packets_per_second)\":\\d+,", "");
  }

  @Test
  void anUnknownOptionIsAUsageErrorWithExitCodeTwo() {
    Result r = agent("--raed", "x.pcap");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("netsentinel-agent: Unknown options: '--raed', 'x.pcap'")
        .contains("--read").contains("Try 'netsentinel-agent --help'").doesNotContain("Usage:");
  }

  @Test
  void liveModeOnAnUnknownInterfaceListsTheValidOnes() {
    Result r = agent("--iface", "no-such-if0", "--duration", "1");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err().strip()).startsWith("netsentinel-agent: error: ").contains("no-such-if0").contains("lo")
        .doesNotContain("\n");
  }

  @Test
  void listInterfacesShowsLoopbackWithItsAddress() {
    Result r = agent("--list-interfaces");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("lo").contains("127.0.0.1");
  }

  @Test
  void listPluginsShowsTheBuiltInSinks() {
    Result r = agent("--list-plugins");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("eve").contains("json").contains("pcap-file").contains("classpath");
  }

  @Test
  void eveOutputIsWrittenBesideTheJson() throws Exception {
    Path eve = dir.resolve("eve.json");
    Result r = agent("--read", TESTDATA.resolve("synflood_200_synthetic_suricata.pcap").toString(), "--json", "--quiet",
        "--eve", eve.toString());
    assertThat(r.code()).isZero();
    assertThat(r.lines()).filteredOn(l -> l.contains("\"event_type\":\"alert\"")).hasSize(1);
    assertThat(Files.readAllLines(eve)).singleElement().asString().contains("\"event_type\":\"alert\"")
        .contains("\"src_ip\":\"192.0.2.10\"").contains("\"category\":\"SYN_FLOOD\"");
  }

  @Test
  void sensorNameIsStampedOnTheAlertsInsteadOfTheHostName() {
    Result r = agent("--read", TESTDATA.resolve("synflood_200_synthetic_suricata.pcap").toString(), "--json", "--quiet",
        "--sensor-name", "dmz-sensor-7");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.lines()).filteredOn(l -> l.contains("\"event_type\":\"alert\"")).singleElement().asString()
        .contains("\"hostname\":\"dmz-sensor-7\"");
    assertThat(agent("--read", TESTDATA.toString(), "--sensor-name", " ").err())
        .contains("--sensor-name: expected 1 to 255 characters");
  }

  @Test
  void anEveFileThatCannotBeCreatedIsOneLineNotAStackTrace() throws Exception {
    Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");
    Result r = agent("--read", TESTDATA.toString(), "--eve", notADirectory.resolve("eve.json").toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("netsentinel-agent: error: ").contains("eve.json").doesNotContain("internal error")
        .doesNotContain("\tat ");
  }

  @Test
  void rebaseTimeReplaysACaptureAsIfItStartedNowWithTheSameAlerts() {
    String capture = TESTDATA.resolve("synflood_200_synthetic_suricata.pcap").toString();
    java.time.Instant before = java.time.Instant.now();
    Result plain = agent("--read", capture, "--json", "--quiet");
    Result rebased = agent("--read", capture, "--json", "--quiet", "--rebase-time");
    assertThat(rebased.code()).as(rebased.err()).isZero();
    java.util.function.Function<Result, String> alert =
        r -> r.lines().stream().filter(l -> l.contains("\"event_type\":\"alert\"")).findFirst().orElseThrow();
    java.time.Instant original = timestamp(alert.apply(plain));
    java.time.Instant shifted = timestamp(alert.apply(rebased));
    assertThat(original).isBefore(before.minus(java.time.Duration.ofDays(1)));
    // The alert comes 0.2 s into the capture: rebased, it is that far after the start of the run.
    assertThat(shifted).isBetween(before, java.time.Instant.now().plusSeconds(5));
    assertThat(alert.apply(rebased).replaceAll("\"(id|timestamp)\":\"[^\"]*\"", ""))
        .isEqualTo(alert.apply(plain).replaceAll("\"(id|timestamp)\":\"[^\"]*\"", ""));
    assertThat(agent("--rebase-time", "--duration", "1").err()).contains("--rebase-time: only with --read");
  }

  private static java.time.Instant timestamp(String json) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"timestamp\":\"([^\"]+)\"").matcher(json);
    assertThat(m.find()).isTrue();
    return java.time.Instant.parse(m.group(1));
  }
}
