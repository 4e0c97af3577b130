package io.netsentinel.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsentinel.api.LinkTypes;
import io.netsentinel.api.PacketView;
import io.netsentinel.capture.PcapFileWriter;
import io.netsentinel.testkit.PacketBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's offline mode with VirusTotal: a capture with DNS queries and TCP sessions, read with {@code --read
 * --json}, the base URL pointing at a mock that speaks the v3 JSON. The run must wait for the lookups and print their
 * alerts before the stats line, which counts the lookups.
 */
class AgentVirusTotalTest {
  private static final String KEY = "vt-test-key-0123456789";
  private static final long T0 = 1_700_000_000_000_000_000L;

  @TempDir Path dir;
  private final MockWebServer vt = new MockWebServer();
  private final List<String> asked = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    vt.close();
  }

  private static String stats(String type, String id, int malicious, int suspicious, int reputation) {
    return "{\"data\":{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"links\":{\"self\":\"https://www.virustotal"
        + ".com/api/v3/" + (type.equals("domain") ? "domains/" : "ip_addresses/") + id + "\"},\"attributes\":{"
        + "\"last_analysis_date\":1700000000,\"last_analysis_stats\":{\"harmless\":60,\"malicious\":" + malicious
        + ",\"suspicious\":" + suspicious + ",\"undetected\":10,\"timeout\":0},\"reputation\":" + reputation
        + ",\"total_votes\":{\"harmless\":0,\"malicious\":3}}}}";
  }

  private void serve() throws Exception {
    vt.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest r) {
        String path = r.getUrl().encodedPath();
        asked.add(path + " key=" + (KEY.equals(r.getHeaders().get("x-apikey"))));
        String body;
        if (path.endsWith("/domains/c2.bad-example.net")) {
          body = stats("domain", "c2.bad-example.net", 12, 0, -60);
        } else if (path.endsWith("/ip_addresses/185.220.101.4")) {
          body = stats("ip_address", "185.220.101.4", 4, 1, -20);
        } else {
          return new MockResponse.Builder().code(404).addHeader("Content-Type", "application/json")
              .body("{\"error\":{\"code\":\"NotFoundError\",\"message\":\"not found\"}}").build();
        }
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(body)
            .build();
      }
    });
    vt.start();
  }

  private Path capture() throws Exception {
    Path pcap = dir.resolve("office.pcap");
    try (PcapFileWriter w = new PcapFileWriter(pcap, LinkTypes.ETHERNET, 65_535)) {
      write(w, 0, new PacketBuilder().ipv4("192.168.1.10", "192.168.1.1").udp(53_001, 53)
          .dnsQuery("c2.bad-example.net", false));
      write(w, 1, new PacketBuilder().ipv4("192.168.1.11", "192.168.1.1").udp(53_002, 53)
          .dnsQuery("www.example.org", false));
      write(w, 2, new PacketBuilder().ipv4("192.168.1.10", "185.220.101.4").tcp(51_000, 443, PacketView.TCP_SYN));
      write(w, 3, new PacketBuilder().ipv4("192.168.1.10", "185.220.101.4").tcp(51_000, 443, PacketView.TCP_ACK)
          .payload(new byte[200]));
      write(w, 4, new PacketBuilder().ipv4("192.168.1.11", "192.168.1.20").tcp(51_001, 445, PacketView.TCP_SYN));
    }
    return pcap;
  }

  private static void write(PcapFileWriter w, int second, PacketBuilder p) throws Exception {
    byte[] b = p.build();
    w.write(T0 + second * 1_000_000_000L, b, 0, b.length, b.length);
  }

  @Test
  void anOfflineReadWaitsForTheLookupsAndPrintsTheirAlertsBeforeTheStats() throws Exception {
    serve();
    Path config = dir.resolve("sentinel_config.json");
    Files.writeString(config, "{\"virustotal_api_key\": \"" + KEY + "\", \"virustotal_base_url\": \""
        + vt.url("/api/v3") + "\", \"virustotal_requests_per_minute\": 600, \"data_dir\": \"state\"}");
    AgentCommandTest.Result r = AgentCommandTest.agent("--read", capture().toString(), "--json", "--quiet",
        "--config", config.toString(), "--detectors", "vt-ip,vt-domain");
    assertThat(r.code()).isZero();
    List<String> lines = r.lines();
    String stats = lines.get(lines.size() - 1);
    List<String> alerts = lines.subList(0, lines.size() - 1);
    assertThat(alerts).hasSize(2);
    assertThat(alerts).anySatisfy(a -> assertThat(a).contains("\"category\":\"VT_MALICIOUS_DOMAIN\"")
        .contains("\"severity\":\"CRITICAL\"").contains("\"src_ip\":\"192.168.1.10\"")
        .contains("c2.bad-example.net"));
    assertThat(alerts).anySatisfy(a -> assertThat(a).contains("\"category\":\"VT_MALICIOUS_IP\"")
        .contains("\"severity\":\"HIGH\"").contains("\"src_ip\":\"192.168.1.10\"").contains("185.220.101.4"));
    assertThat(stats).startsWith("{\"event_type\":\"stats\",\"packets\":5,").contains("\"vt-ip/lookups\":1")
        .contains("\"vt-domain/lookups\":2");
    assertThat(asked).allMatch(a -> a.endsWith("key=true"));
    assertThat(r.out() + r.err()).doesNotContain(KEY);
    assertThat(dir.resolve("state")).isDirectory();
  }
}
