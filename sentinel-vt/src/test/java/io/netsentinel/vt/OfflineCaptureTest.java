package io.netsentinel.vt;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsentinel.api.Alert;
import io.netsentinel.api.PacketView;
import io.netsentinel.api.Settings;
import io.netsentinel.capture.PcapFileWriter;
import io.netsentinel.testkit.PacketBuilder;
import io.netsentinel.testkit.junit.DetectorHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An offline analysis end to end: a pcap with DNS lookups and TCP sessions, read through the engine with both
 * VirusTotal detectors installed as the agent would run them (a config file, the discovered providers), against a
 * VirusTotal mock. The run must include the verdicts, and a second run must get them from the saved cache.
 */
class OfflineCaptureTest {
  private static final int ACK = PacketView.TCP_ACK;
  private static final int PSH_ACK = PacketView.TCP_PSH | PacketView.TCP_ACK;
  private static final int SYN_ACK = PacketView.TCP_SYN | PacketView.TCP_ACK;
  private static final int FIN_ACK = PacketView.TCP_FIN | PacketView.TCP_ACK;

  @StartStop private final MockWebServer server = new MockWebServer();
  @TempDir Path dir;
  private final VtDispatcher vt = new VtDispatcher();
  private final List<long[]> times = new ArrayList<>();

  @BeforeEach
  void setUp() {
    server.setDispatcher(vt);
    vt.domain("malware-c2.example.net", 17, 1, -85)
        .domain("phish.example.org", 1, 6, -5)
        .domain("www.wikipedia.org", 0, 0, 310)
        .ip("185.220.101.4", 5, 1, -12)
        .ip("45.33.32.156", 0, 2, -25)
        .ip("8.8.8.8", 0, 0, 520);
  }

  private static byte[] frame(PacketBuilder p) {
    return p.build();
  }

  /** A TCP session from an internal host: handshake, a request, the reply and the close. */
  private static void session(PcapFileWriter w, long t, String client, String server, int port) throws IOException {
    write(w, t, new PacketBuilder().ipv4(client, server).tcp(51_000, port, PacketView.TCP_SYN));
    write(w, t + 20_000_000, new PacketBuilder().ipv4(server, client).tcp(port, 51_000, SYN_ACK));
    write(w, t + 21_000_000, new PacketBuilder().ipv4(client, server).tcp(51_000, port, ACK));
    write(w, t + 22_000_000,
        new PacketBuilder().ipv4(client, server).tcp(51_000, port, PSH_ACK).payload(new byte[300]));
    write(w, t + 60_000_000,
        new PacketBuilder().ipv4(server, client).tcp(port, 51_000, PSH_ACK).payload(new byte[1200]));
    write(w, t + 90_000_000, new PacketBuilder().ipv4(client, server).tcp(51_000, port, FIN_ACK));
    write(w, t + 110_000_000, new PacketBuilder().ipv4(server, client).tcp(port, 51_000, FIN_ACK));
  }

  private static void lookup(PcapFileWriter w, long t, String client, String resolver, String name)
      throws IOException {
    write(w, t, new PacketBuilder().ipv4(client, resolver).udp(53_001, 53).dnsQuery(name, false));
    write(w, t + 15_000_000, new PacketBuilder().ipv4(resolver, client).udp(53, 53_001).dnsQuery(name, true));
  }

  private static void write(PcapFileWriter w, long t, PacketBuilder p) throws IOException {
    byte[] bytes = frame(p);
    w.write(t, bytes, 0, bytes.length, bytes.length);
  }

  private Path capture() throws IOException {
    Path pcap = dir.resolve("office.pcap");
    long t = Traffic.START;
    long s = 1_000_000_000L;
    try (PcapFileWriter w = new PcapFileWriter(pcap, new PacketBuilder().linkType(), 65_535)) {
      lookup(w, t, "192.168.1.10", "192.168.1.1", "malware-c2.example.net");
      session(w, t + s, "192.168.1.10", "185.220.101.4", 443);
      lookup(w, t + 2 * s, "192.168.1.11", "192.168.1.1", "phish.example.org");
      lookup(w, t + 3 * s, "192.168.1.11", "192.168.1.1", "printer.local");
      lookup(w, t + 4 * s, "192.168.1.12", "8.8.8.8", "www.wikipedia.org");
      session(w, t + 5 * s, "192.168.1.12", "45.33.32.156", 4444);
      session(w, t + 6 * s, "192.168.1.11", "93.184.216.34", 80);
      session(w, t + 7 * s, "192.168.1.10", "192.168.1.20", 445);
      lookup(w, t + 8 * s, "192.168.1.10", "192.168.1.1", "Malware-C2.Example.Net");
    }
    return pcap;
  }

  private Settings config() throws IOException {
    Path file = dir.resolve("sentinel_config.json");
    Files.writeString(file, """
        {
          "virustotal_api_key": "%s",
          "virustotal_base_url": "%s",
          "virustotal_requests_per_minute": 600,
          "data_dir": "state"
        }
        """.formatted(TestConfig.KEY, server.url("/api/v3")));
    return Settings.load(file);
  }

  private DetectorHarness.Result run(Path pcap) throws IOException {
    return DetectorHarness.of(new VirusTotalIpDetectorProvider(), new VirusTotalDomainDetectorProvider())
        .settings(config()).run(pcap);
  }

  private static List<String> summary(DetectorHarness.Result r) {
    return r.alerts().stream()
        .map(a -> a.category() + " " + a.severity() + " " + a.srcIp() + " " + a.attributes().get("indicator"))
        .sorted().toList();
  }

  @Test
  void anOfflineReadIncludesTheVerdictsAndASecondReadGetsThemFromTheSavedCache() throws IOException {
    Path pcap = capture();

    DetectorHarness.Result first = run(pcap);

    List<String> expected = List.of(
        "VT_MALICIOUS_DOMAIN CRITICAL 192.168.1.10 malware-c2.example.net",
        "VT_MALICIOUS_DOMAIN MEDIUM 192.168.1.11 phish.example.org",
        "VT_MALICIOUS_IP HIGH 192.168.1.10 185.220.101.4",
        "VT_MALICIOUS_IP LOW 192.168.1.12 45.33.32.156");
    assertThat(summary(first)).containsExactlyElementsOf(expected);
    assertThat(vt.asked()).containsExactlyInAnyOrder("domains/malware-c2.example.net", "domains/phish.example.org",
        "domains/www.wikipedia.org", "ip_addresses/185.220.101.4", "ip_addresses/8.8.8.8",
        "ip_addresses/45.33.32.156", "ip_addresses/93.184.216.34");
    assertThat(first.stats().counters())
        .containsEntry("vt-ip/lookups", 4L).containsEntry("vt-domain/lookups", 3L)
        .containsEntry("vt-domain/skipped", 1L).containsEntry("vt-ip/dropped", 0L)
        .containsEntry("vt-ip/errors", 0L).containsEntry("vt-domain/errors", 0L);
    Instant start = Instant.ofEpochSecond(0, Traffic.START);
    for (Alert a : first.alerts()) {
      assertThat(a.timestamp()).isBetween(start, start.plusSeconds(9));
    }
    Alert ip = first.alerts(io.netsentinel.api.Categories.VT_MALICIOUS_IP).stream()
        .filter(a -> a.destIp().equals("45.33.32.156")).findFirst().orElseThrow();
    assertThat(ip.destPort()).isEqualTo(4444);
    assertThat(ip.proto()).isEqualTo("TCP");
    assertThat(dir.resolve("state/virustotal-ip-cache.json")).exists();
    assertThat(dir.resolve("state/virustotal-domain-cache.json")).exists();
    assertThat(Files.readString(dir.resolve("state/virustotal-quota.json"))).contains("\"used\":7");

    DetectorHarness.Result second = run(pcap);

    assertThat(summary(second)).containsExactlyElementsOf(expected);
    assertThat(vt.asked()).hasSize(7);
    assertThat(second.stats().counters())
        .containsEntry("vt-ip/lookups", 0L).containsEntry("vt-domain/lookups", 0L)
        .containsEntry("vt-ip/cache_hits", 4L).containsEntry("vt-domain/cache_hits", 3L);
  }
}
