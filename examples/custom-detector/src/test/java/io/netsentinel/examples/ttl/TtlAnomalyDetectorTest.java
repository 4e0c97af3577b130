package io.netsentinel.examples.ttl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netsentinel.api.Alert;
import io.netsentinel.api.DetectorProvider;
import io.netsentinel.api.PacketView;
import io.netsentinel.api.Settings;
import io.netsentinel.api.SettingsException;
import io.netsentinel.api.Severity;
import io.netsentinel.testkit.MemorySource;
import io.netsentinel.testkit.PacketBuilder;
import io.netsentinel.testkit.junit.DetectorContract;
import io.netsentinel.testkit.junit.DetectorHarness;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TtlAnomalyDetectorTest extends DetectorContract {
  private static final long T0 = 1_700_000_000_000_000_000L;
  private static final long STEP = 100_000_000L;
  private static final String HOST = "10.0.0.5";
  private static final String PEER = "10.0.0.9";

  private final MemorySource source = new MemorySource();
  private long now = T0;

  @Override
  protected DetectorProvider provider() {
    return new TtlAnomalyDetectorProvider();
  }

  /** {@code count} TCP segments from {@code src} with one TTL, {@link #STEP} apart. */
  private TtlAnomalyDetectorTest send(String src, String dst, int ttl, int count) {
    for (int i = 0; i < count; i++) {
      now += STEP;
      source.add(now, new PacketBuilder().ipv4(src, dst).ttl(ttl).tcp(40000, 443, PacketView.TCP_ACK));
    }
    return this;
  }

  private TtlAnomalyDetectorTest learn(int ttl) {
    return send(HOST, PEER, ttl, 5);
  }

  /** Runs every packet sent so far (again, when a test runs twice). */
  private List<Alert> run() {
    return DetectorHarness.of(provider()).run(source.rewind()).alerts();
  }

  private List<Alert> run(Map<String, Object> section) {
    Settings settings = Settings.of(Map.of("detectors", Map.of(TtlAnomalyDetectorProvider.ID, section)));
    return DetectorHarness.of(provider()).settings(settings).run(source.rewind()).alerts();
  }

  @Test
  void alertsWhenAKnownSourceArrivesFourTimesWithOneTtlFarFromItsBaseline() {
    learn(54).send(HOST, PEER, 120, 4);

    assertThat(run()).singleElement().satisfies(a -> {
      assertThat(a.category()).isEqualTo("TTL_ANOMALY");
      assertThat(a.detector()).isEqualTo("ttl-anomaly");
      assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
      assertThat(a.srcIp()).isEqualTo(HOST);
      assertThat(a.destIp()).isEqualTo(PEER);
      assertThat(a.destPort()).isEqualTo(443);
      assertThat(a.attributes())
          .containsEntry("learned_ttl", "54")
          .containsEntry("observed_ttl", "120")
          .containsEntry("deviation", "66")
          .containsEntry("learned_initial_ttl", "64")
          .containsEntry("observed_initial_ttl", "128")
          .containsEntry("packets", "4");
      assertThat(a.message()).contains("TTL 120 (initial 128, 8 hops)", "learned 54 (initial 64, 10 hops)");
    });
  }

  @Test
  void staysSilentAtThreeAnomalousPackets() {
    learn(54).send(HOST, PEER, 120, 3);
    assertThat(run()).isEmpty();
  }

  @Test
  void alertsAtTheMinimumDeviationButNotOneHopBelowIt() {
    learn(54).send(HOST, PEER, 63, 10);
    assertThat(run()).as("9 hops from the baseline").isEmpty();

    send(HOST, PEER, 64, 4);
    assertThat(run()).as("10 hops from the baseline").singleElement()
        .satisfies(a -> assertThat(a.attributes()).containsEntry("deviation", "10"));
  }

  @Test
  void measuresTheDeviationFromTheWholeLearnedRange() {
    send(HOST, PEER, 50, 2).send(HOST, PEER, 58, 3);
    send(HOST, PEER, 45, 4); // 5 below the lowest
    send(HOST, PEER, 68, 4); // 10 above the highest
    assertThat(run()).singleElement().satisfies(a -> assertThat(a.attributes())
        .containsEntry("learned_ttl", "50-58")
        .containsEntry("observed_ttl", "68")
        .containsEntry("deviation", "10"));
  }

  @Test
  void confirmsWhenTheRealHostKeepsTalkingBetweenTheForgedPackets() {
    learn(64);
    for (int i = 0; i < 4; i++) {
      send(HOST, PEER, 64, 1).send(HOST, PEER, 250, 1);
    }
    assertThat(run()).singleElement().satisfies(a -> assertThat(a.attributes()).containsEntry("observed_ttl", "250"));
  }

  @Test
  void staysSilentOnTracerouteProbesThatRaiseTheTtlEveryThreePackets() {
    learn(64);
    for (int ttl = 1; ttl <= 30; ttl++) {
      send(HOST, "203.0.113.7", ttl, 3);
    }
    assertThat(run()).isEmpty();
  }

  @Test
  void staysSilentWhenTheAnomalousPacketsSpreadBeyondTheConfirmWindow() {
    learn(54);
    for (int i = 0; i < 4; i++) {
      now += 5_000_000_000L;
      send(HOST, PEER, 120, 1);
    }
    assertThat(run()).isEmpty();
  }

  @Test
  void adoptsTheNewTtlSoALastingChangeAlertsOnceAndAReturnAlertsAgain() {
    learn(54).send(HOST, PEER, 120, 20).send(HOST, PEER, 54, 4);

    // No cooldown: only the detector decides how often it alerts.
    assertThat(DetectorHarness.of(provider()).setting("alert_cooldown", 0).run(source).alerts())
        .extracting(a -> a.attributes().get("learned_ttl") + "->" + a.attributes().get("observed_ttl"))
        .containsExactly("54->120", "120->54");
    assertThat(run())
        .as("the default cooldown holds back the return, 2.4 s after the first alert, for the same source")
        .hasSize(1);
  }

  @Test
  void ignoresMulticastBroadcastAndNeighbourDiscoveryWhoseTtlIsFixedByDesign() {
    learn(64);
    send(HOST, "224.0.0.251", 255, 5); // mDNS
    send(HOST, "255.255.255.255", 128, 5);
    send("0.0.0.0", "255.255.255.255", 128, 5); // DHCP discover
    for (int i = 0; i < 6; i++) {
      now += STEP;
      source.add(now, new PacketBuilder().ipv6("fe80::5", "fe80::9").ttl(64).tcp(40000, 443, PacketView.TCP_ACK));
    }
    for (int i = 0; i < 5; i++) {
      now += STEP;
      source.add(now, new PacketBuilder().ipv6("fe80::5", "fe80::9").ttl(255).icmp(136, 0));
    }
    assertThat(run()).isEmpty();
  }

  @Test
  void judgesIpv6HopLimitsLikeIpv4Ttls() {
    for (int i = 0; i < 9; i++) {
      now += STEP;
      int hopLimit = i < 5 ? 57 : 250;
      source.add(now, new PacketBuilder().ipv6("2001:db8::5", "2001:db8::9").ttl(hopLimit)
          .udp(5353, 53));
    }
    assertThat(run()).singleElement().satisfies(a -> {
      assertThat(a.srcIp()).isEqualTo("2001:db8::5");
      assertThat(a.attributes()).containsEntry("learned_ttl", "57").containsEntry("observed_ttl", "250");
    });
  }

  @Test
  void learnsASourceAgainAfterItWasSilentForTheBaselineIdleTime() {
    learn(54);
    now += 601_000_000_000L;
    send(PEER, HOST, 64, 1); // time passes on the wire, so the silent source's entry expires
    send(HOST, PEER, 120, 9);
    assertThat(run()).isEmpty();
  }

  @Test
  void readsItsOwnSectionOfTheConfig() {
    learn(54).send(HOST, PEER, 70, 1);
    List<Alert> alerts =
        run(Map.of("min_deviation", 16, "confirm_packets", 1, "severity", "high", "learning_packets", 5));
    assertThat(alerts).singleElement().satisfies(a -> {
      assertThat(a.severity()).isEqualTo(Severity.HIGH);
      assertThat(a.attributes()).containsEntry("deviation", "16").containsEntry("packets", "1");
    });
  }

  @Test
  void rejectsBadSettingsNamingTheDetectorAndTheKey() {
    learn(54);
    assertThatThrownBy(() -> run(Map.of("min_deviation", 300)))
        .isInstanceOf(SettingsException.class)
        .hasMessageContaining("detector 'ttl-anomaly'")
        .hasMessageContaining("detectors.ttl-anomaly.min_deviation: expected 1-254 hops, got 300");
    assertThatThrownBy(() -> run(Map.of("severity", "urgent")))
        .isInstanceOf(SettingsException.class)
        .hasMessageContaining("detectors.ttl-anomaly.severity: expected one of LOW, MEDIUM, HIGH, CRITICAL, got "
            + "\"urgent\"");
    assertThatThrownBy(() -> run(Map.of("confirm_window", 0)))
        .isInstanceOf(SettingsException.class)
        .hasMessageContaining("detectors.ttl-anomaly.confirm_window: expected a number of seconds greater than 0");
    assertThatThrownBy(() -> run(Map.of("confirm_packets", "four")))
        .isInstanceOf(SettingsException.class)
        .hasMessageContaining("detectors.ttl-anomaly.confirm_packets")
        .hasMessageContaining("positive integer");
  }

  @Test
  void guessesTheInitialTtlAsTheNextCommonDefault() {
    assertThat(TtlAnomalyDetector.initialTtl(1)).isEqualTo(32);
    assertThat(TtlAnomalyDetector.initialTtl(54)).isEqualTo(64);
    assertThat(TtlAnomalyDetector.initialTtl(64)).isEqualTo(64);
    assertThat(TtlAnomalyDetector.initialTtl(113)).isEqualTo(128);
    assertThat(TtlAnomalyDetector.initialTtl(200)).isEqualTo(255);
  }
}
