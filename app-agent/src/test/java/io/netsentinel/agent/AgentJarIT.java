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

  /** Frame counts of the shared corpus, from {@code tshark -r FILE -T fields -e frame.number | wc -l}. */
  private static final Map<String, Long> CORPUS_COUNTS =
      Map.ofEntries(
          Map.entry("arp_vbox_bridge_benign_samrdump.pcap", 132L),
          Map.entry("benign_http_broorg_zeek.pcap", 751L),
          Map.entry("benign_http_dns_wikipedia_zeek.pcap", 136L),
          Map.entry("benign_ipv6_tls_suricata.pcap", 70L),
          Map.entry("bigendian_pcap_nfs3_suricata.pcap", 128L),
          Map.entry("bruteforce_ftp_ppa.pcap", 19730L),
          Map.entry("bruteforce_ftp_slow_zeek.pcap", 606L),
          Map.entry("bruteforce_ssh_slow_zeek.pcap", 431L),
          Map.entry("c2_4444_blaster_ppa.pcap", 18L),
          Map.entry("c2_4444_meterpreter_aurora_evidence06.pcap", 2554L),
          Map.entry("dns_tunnel_dns2tcp_suricata.pcap", 164L),
          Map.entry("dns_tunnel_iodine_elastic.pcap", 438L),
          Map.entry("icmp_flood_pcapanalizer.pcap", 24327L),
          Map.entry("icmp_ping_normal_suricata.pcap", 150L),
          Map.entry("irc_6667_zeek.pcap", 34L),
          Map.entry("nsec_pcap_http_to_ssh_zeek.pcap", 9L),
          Map.entry("portscan_nmap_multi_mrx_evidence04.pcap", 13625L),
          Map.entry("portscan_nmap_xmas_evilfingers.pcap", 2000L),
          Map.entry("portscan_small_ppa.pcap", 29L),
          Map.entry("sll_v1_arp_zeek.pcap", 12L),
          Map.entry("sll_v2_icmp_zeek.pcap", 6L),
          Map.entry("synflood_200_synthetic_suricata.pcap", 200L),
          Map.entry("synflood_spoofed_stopddos.pcap", 37841L),
          Map.entry("truncated_snaplen96_port12345_zeek.pcap", 878L),
          Map.entry("vlan_8021q_http_zeek.pcap", 14L),
          Map.entry("vlan_qinq_zeek.pcap", 5L),
          Map.entry("arp_poison_chrissanders.pcapng", 165L),
          Map.entry("arp_poison_scan_htb.pcapng", 994L),
          Map.entry("arp_spoof_htb.pcapng", 42L),
          Map.entry("benign_tls_gmail_packetlife.pcapng", 793L),
          Map.entry("dns_tunnel_txt_shortnames_htb.pcapng", 28L),
          Map.entry("pcapng_multi_if_mixed_tsresol_zeek.pcapng", 6L),
          Map.entry("portscan_nmap_syn_scanme.pcapng", 2011L));

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
    for (Map.Entry<String, Long> e : CORPUS_COUNTS.entrySet()) {
      Run r = agent("--read", corpus.resolve(e.getKey()).toString(), "--json", "--quiet");
      assertThat(r.code()).as(e.getKey()).isZero();
      assertThat(r.last()).as(e.getKey())
          .startsWith("{\"event_type\":\"stats\",\"packets\":" + e.getValue() + ",");
    }
  }
}
