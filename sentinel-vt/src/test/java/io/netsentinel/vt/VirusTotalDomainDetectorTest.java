package io.netsentinel.vt;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsentinel.api.Alert;
import io.netsentinel.api.Categories;
import io.netsentinel.api.DetectorProvider;
import io.netsentinel.api.Severity;
import io.netsentinel.testkit.PacketBuilder;
import io.netsentinel.testkit.junit.DetectorContract;
import io.netsentinel.testkit.junit.DetectorHarness;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VirusTotalDomainDetectorTest extends DetectorContract {
  @StartStop private final MockWebServer server = new MockWebServer();
  @TempDir Path dir;
  private final VtDispatcher vt = new VtDispatcher();

  @BeforeEach
  void setUp() {
    server.setDispatcher(vt);
  }

  /** For the contract's checks, which cannot pass settings: the key, the mock and a short drain come from here. */
  @Override
  protected DetectorProvider provider() {
    TestConfig c = new TestConfig(server.url("/api/v3").toString(), dir);
    c.drain = Duration.ofMillis(200);
    return new VirusTotalDomainDetectorProvider(Clock.systemUTC(), c::over);
  }

  private DetectorHarness harness() {
    return DetectorHarness.of(new VirusTotalDomainDetectorProvider())
        .setting("virustotal_api_key", TestConfig.KEY)
        .setting("virustotal_base_url", server.url("/api/v3").toString())
        .setting("data_dir", dir.toString())
        .setting("virustotal_requests_per_minute", 600)
        .setting("virustotal_drain_timeout_s", 5);
  }

  @Test
  void alertsWhenAHostQueriesADomainVirusTotalFlags() {
    vt.domain("malware-c2.example.net", 14, 2, -80).domain("dropper.example.org", 5, 0, 0)
        .domain("phish.example.com", 0, 7, 0).domain("sketchy.example.info", 0, 1, -40)
        .domain("www.wikipedia.org", 0, 0, 120);
    Traffic t = new Traffic()
        .at(0, Traffic.query("10.0.0.5", "10.0.0.53", "Malware-C2.Example.NET"))
        .at(10, Traffic.query("10.0.0.6", "10.0.0.53", "dropper.example.org"))
        .at(20, Traffic.query("10.0.0.7", "10.0.0.53", "phish.example.com"))
        .at(30, Traffic.query("10.0.0.8", "10.0.0.53", "sketchy.example.info"))
        .at(40, Traffic.query("10.0.0.9", "10.0.0.53", "www.wikipedia.org"));

    DetectorHarness.Result r = harness().run(t.source());

    Map<String, Severity> bySeverity = r.alerts(Categories.VT_MALICIOUS_DOMAIN).stream()
        .collect(Collectors.toMap(a -> a.attributes().get("indicator"), Alert::severity));
    assertThat(bySeverity).containsExactlyInAnyOrderEntriesOf(Map.of("malware-c2.example.net", Severity.CRITICAL,
        "dropper.example.org", Severity.HIGH, "phish.example.com", Severity.MEDIUM,
        "sketchy.example.info", Severity.LOW));
    Alert critical = r.alerts().stream()
        .filter(a -> a.attributes().get("indicator").equals("malware-c2.example.net")).findFirst().orElseThrow();
    assertThat(critical.srcIp()).isEqualTo("10.0.0.5");
    assertThat(critical.destIp()).isEqualTo("10.0.0.53");
    assertThat(critical.destPort()).isEqualTo(53);
    assertThat(critical.proto()).isEqualTo("UDP");
    assertThat(critical.detector()).isEqualTo("vt-domain");
    assertThat(critical.message()).contains("malware-c2.example.net").contains("queried by 10.0.0.5");
    assertThat(critical.attributes()).containsEntry("indicator_type", "domain").containsEntry("malicious", "14")
        .containsEntry("suspicious", "2").containsEntry("reputation", "-80")
        .containsEntry("vt_report", "https://www.virustotal.com/gui/domain/malware-c2.example.net");
    assertThat(vt.asked()).contains("domains/malware-c2.example.net").hasSize(5);
  }

  @Test
  void asksOnceForANameQueriedOftenAndAlertsOncePerHost() {
    vt.domain("beacon.example.net", 20, 0, -100);
    Traffic t = new Traffic();
    for (int i = 0; i < 300; i++) {
      t.at(i * 5, Traffic.query("10.0.0." + (5 + i % 2), "10.0.0.53", i % 3 == 0 ? "BEACON.example.net." : "beacon.example.net"));
    }

    DetectorHarness.Result r = harness().run(t.source());

    assertThat(vt.asked()).containsExactly("domains/beacon.example.net");
    assertThat(r.sources(Categories.VT_MALICIOUS_DOMAIN)).containsExactly("10.0.0.5", "10.0.0.6");
  }

  @Test
  void ignoresResponsesAndSkipsNamesThatCannotBePublicDomains() {
    vt.domain("malware-c2.example.net", 14, 2, -80);
    Traffic t = new Traffic()
        .at(0, Traffic.answer("10.0.0.53", "10.0.0.5", "malware-c2.example.net"))
        .at(1, new PacketBuilder().ipv4("10.0.0.5", "224.0.0.251").udp(5353, 5353)
            .dnsQuery("malware-c2.example.net", false))
        .at(2, Traffic.query("10.0.0.5", "10.0.0.53", "printer.local"))
        .at(3, Traffic.query("10.0.0.5", "10.0.0.53", "wpad"))
        .at(4, Traffic.query("10.0.0.5", "10.0.0.53", "5.0.0.10.in-addr.arpa"))
        .at(5, Traffic.query("10.0.0.5", "10.0.0.53", "5.0.0.10.in-addr.arpa"));

    DetectorHarness.Result r = harness().run(t.source());

    assertThat(vt.asked()).isEmpty();
    assertThat(r.alerts()).isEmpty();
    assertThat(r.stats().counters()).containsEntry("vt-domain/skipped", 3L);
  }
}
