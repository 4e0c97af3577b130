package io.netsentinel.vt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netsentinel.api.Alert;
import io.netsentinel.api.Categories;
import io.netsentinel.api.DetectorProvider;
import io.netsentinel.api.SettingsException;
import io.netsentinel.api.Severity;
import io.netsentinel.testkit.PacketBuilder;
import io.netsentinel.testkit.junit.DetectorContract;
import io.netsentinel.testkit.junit.DetectorHarness;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class VirusTotalIpDetectorTest extends DetectorContract {
  @StartStop private final MockWebServer server = new MockWebServer();
  @TempDir Path dir;
  private final VtDispatcher vt = new VtDispatcher();
  private final Logger detectorLog = (Logger) LoggerFactory.getLogger("io.netsentinel.detector.vt-ip");
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();

  @BeforeEach
  void setUp() {
    server.setDispatcher(vt);
    log.start();
    detectorLog.addAppender(log);
    detectorLog.setLevel(Level.DEBUG);
    detectorLog.setAdditive(false);
  }

  @AfterEach
  void tearDown() {
    detectorLog.detachAppender(log);
    detectorLog.setLevel(null);
    detectorLog.setAdditive(true);
  }

  /** For the contract's checks, which cannot pass settings: the key, the mock and a short drain come from here. */
  @Override
  protected DetectorProvider provider() {
    TestConfig c = new TestConfig(server.url("/api/v3").toString(), dir);
    c.drain = Duration.ofMillis(200);
    return new VirusTotalIpDetectorProvider(Clock.systemUTC(), c::over);
  }

  /** The detector as the agent would run it: everything from the settings. */
  private DetectorHarness harness(DetectorProvider provider) {
    return DetectorHarness.of(provider)
        .setting("virustotal_api_key", TestConfig.KEY)
        .setting("virustotal_base_url", server.url("/api/v3").toString())
        .setting("data_dir", dir.toString())
        .setting("virustotal_requests_per_minute", 600)
        .setting("virustotal_lookup_documentation_ranges", true)
        .setting("virustotal_drain_timeout_s", 5);
  }

  private DetectorHarness harness() {
    return harness(new VirusTotalIpDetectorProvider());
  }

  @Test
  void alertsWhenAnInternalHostContactsAnAddressVirusTotalFlags() {
    vt.ip("198.51.100.7", 12, 1, -60).ip("185.220.101.4", 4, 0, 0).ip("203.0.113.9", 0, 6, 0)
        .ip("198.51.100.20", 1, 0, -30).ip("198.51.100.30", 0, 0, 40);
    Traffic t = new Traffic();
    String[] targets = {"198.51.100.7", "185.220.101.4", "203.0.113.9", "198.51.100.20", "198.51.100.30"};
    for (int i = 0; i < targets.length; i++) {
      t.at(i * 10, Traffic.syn("10.0.0.5", targets[i], 443));
    }

    DetectorHarness.Result r = harness().run(t.source());

    Map<String, Severity> bySeverity = r.alerts(Categories.VT_MALICIOUS_IP).stream()
        .collect(Collectors.toMap(Alert::destIp, Alert::severity));
    assertThat(bySeverity).containsExactlyInAnyOrderEntriesOf(Map.of("198.51.100.7", Severity.CRITICAL,
        "185.220.101.4", Severity.HIGH, "203.0.113.9", Severity.MEDIUM, "198.51.100.20", Severity.LOW));
    Alert critical = r.alerts().stream().filter(a -> a.destIp().equals("198.51.100.7")).findFirst().orElseThrow();
    assertThat(critical.srcIp()).isEqualTo("10.0.0.5");
    assertThat(critical.destPort()).isEqualTo(443);
    assertThat(critical.proto()).isEqualTo("TCP");
    assertThat(critical.detector()).isEqualTo("vt-ip");
    assertThat(critical.message()).contains("198.51.100.7").contains("10.0.0.5").contains("12 of 93 engines");
    assertThat(critical.attributes()).containsEntry("indicator", "198.51.100.7")
        .containsEntry("indicator_type", "ip_address").containsEntry("malicious", "12")
        .containsEntry("suspicious", "1").containsEntry("harmless", "60").containsEntry("undetected", "20")
        .containsEntry("reputation", "-60")
        .containsEntry("vt_report", "https://www.virustotal.com/gui/ip-address/198.51.100.7");
    assertThat(r.stats().counters()).containsEntry("vt-ip/lookups", 5L).containsEntry("vt-ip/errors", 0L);
    assertThat(vt.apiKeys()).containsOnly(TestConfig.KEY);
  }

  @Test
  void neverAsksAboutInternalPrivateMulticastDocumentationOrInboundTraffic() {
    Traffic t = new Traffic();
    String[] skipped = {"224.0.0.251", "255.255.255.255", "169.254.1.1", "127.0.0.1", "100.64.1.1", "192.0.2.1",
        "198.51.100.7"};
    String[] internal = {"10.0.0.1", "172.16.5.5", "192.168.1.1"};
    int i = 0;
    for (String dst : skipped) {
      t.at(i++, Traffic.syn("10.0.0.5", dst, 443));
      t.at(i++, Traffic.syn("10.0.0.5", dst, 443));
    }
    for (String dst : internal) {
      t.at(i++, Traffic.syn("10.0.0.5", dst, 443));
    }
    t.at(i++, new PacketBuilder().ipv6("fd00::5", "2001:db8::1").tcp(40_000, 443, 2));
    t.at(i++, Traffic.syn("185.220.101.4", "10.0.0.5", 22));
    t.at(i++, Traffic.syn("185.220.101.4", "8.8.8.8", 443));

    DetectorHarness.Result r = harness().setting("virustotal_lookup_documentation_ranges", false).run(t.source());

    assertThat(vt.asked()).isEmpty();
    assertThat(r.alerts()).isEmpty();
    assertThat(r.stats().counters()).containsEntry("vt-ip/skipped", 8L).containsEntry("vt-ip/lookups", 0L);
  }

  @Test
  void manyPacketsToOneAddressMakeOneRequestAndAnAlertPerInternalHost() {
    vt.answer("ip_addresses/198.51.100.7", VtDispatcher.slow(
        VtDispatcher.json(200, VtBodies.ip("198.51.100.7", 30, 0, 40, 20, -90)), 200));
    Traffic t = new Traffic();
    for (int i = 0; i < 600; i++) {
      t.at(i, Traffic.syn("10.0.0." + (5 + i % 3), "198.51.100.7", 443));
    }

    DetectorHarness.Result r = harness().run(t.source());

    assertThat(vt.asked()).containsExactly("ip_addresses/198.51.100.7");
    assertThat(r.sources(Categories.VT_MALICIOUS_IP)).containsExactly("10.0.0.5", "10.0.0.6", "10.0.0.7");
  }

  @Test
  void anIpv6DestinationIsLookedUpAsWell() {
    vt.ip("2a0b:4141:820::7", 10, 0, -20);

    DetectorHarness.Result r = harness()
        .run(new Traffic().at(0, new PacketBuilder().ipv6("fd00::5", "2a0b:4141:820::7").udp(40_000, 443)).source());

    assertThat(r.alerts()).singleElement().satisfies(a -> {
      assertThat(a.srcIp()).isEqualTo("fd00::5");
      assertThat(a.destIp()).isEqualTo("2a0b:4141:820::7");
      assertThat(a.proto()).isEqualTo("UDP");
      assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
    });
  }

  @Test
  void finishStopsWaitingAtTheDrainTimeoutAndSaysWhatWasLeft() {
    for (int i = 1; i <= 3; i++) {
      vt.ip("198.51.100." + i, 10, 0, 0);
    }
    Traffic t = new Traffic();
    for (int i = 1; i <= 3; i++) {
      t.at(i, Traffic.syn("10.0.0.5", "198.51.100." + i, 443));
    }

    long started = System.nanoTime();
    DetectorHarness.Result r = harness().setting("virustotal_requests_per_minute", 1)
        .setting("virustotal_drain_timeout_s", 0.3).run(t.source());

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    assertThat(r.alerts()).hasSize(1);
    assertThat(vt.asked()).hasSize(1);
    assertThat(r.stats().counters()).containsEntry("vt-ip/skipped", 2L);
    assertThat(log.list).anySatisfy(e -> {
      assertThat(e.getLevel()).isEqualTo(Level.WARN);
      assertThat(e.getFormattedMessage()).contains("2 VirusTotal lookups were still queued")
          .contains("virustotal_drain_timeout_s");
    });
  }

  @Test
  void aKeyThatCannotBeAHeaderIsASettingsErrorThatDoesNotShowIt() {
    String bad = "abc\ndef-secret";

    assertThatThrownBy(() -> harness().setting("virustotal_api_key", bad).run(new Traffic().source()))
        .isInstanceOf(SettingsException.class)
        .hasMessageContaining("vt-ip")
        .hasMessageContaining("virustotal_api_key")
        .hasMessageNotContaining("def-secret");
  }

  @Test
  void withoutAKeyItSaysOnceThatItIsInactiveAndDoesNothing() {
    vt.ip("198.51.100.7", 12, 0, 0);
    VirusTotalIpDetectorProvider provider = new VirusTotalIpDetectorProvider();
    Traffic t = new Traffic().at(0, Traffic.syn("10.0.0.5", "198.51.100.7", 443));

    for (int run = 0; run < 2; run++) {
      DetectorHarness.Result r = harness(provider).setting("virustotal_api_key", "").run(t.source().rewind());
      assertThat(r.alerts()).isEmpty();
      assertThat(r.detectors()).singleElement().isInstanceOf(InactiveDetector.class);
    }

    assertThat(vt.asked()).isEmpty();
    List<String> lines = log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    assertThat(lines).singleElement().satisfies(m -> assertThat(m).contains("vt-ip is inactive")
        .contains("virustotal_api_key").contains("VIRUSTOTAL_API_KEY"));
  }
}
