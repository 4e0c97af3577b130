package io.netsentinel.detectors;

import static io.netsentinel.api.PacketView.TCP_ACK;
import static io.netsentinel.api.PacketView.TCP_FIN;
import static io.netsentinel.api.PacketView.TCP_PSH;
import static io.netsentinel.api.PacketView.TCP_RST;
import static io.netsentinel.api.PacketView.TCP_SYN;
import static io.netsentinel.api.PacketView.TCP_URG;
import static io.netsentinel.detectors.Replay.tcp;
import static org.assertj.core.api.Assertions.assertThat;

import io.netsentinel.api.Alert;
import io.netsentinel.api.Categories;
import io.netsentinel.api.DetectorProvider;
import io.netsentinel.testkit.PacketBuilder;
import io.netsentinel.testkit.junit.DetectorContract;
import io.netsentinel.testkit.junit.DetectorHarness;
import org.junit.jupiter.api.Test;

class PortScanDetectorTest extends DetectorContract {
  @Override
  protected DetectorProvider provider() {
    return new PortScanDetectorProvider();
  }

  private Replay probes(int count, int flags, double spacingMillis) {
    Replay r = new Replay(provider());
    for (int i = 0; i < count; i++) {
      r.at(i * spacingMillis, tcp("10.0.0.5", "10.0.0.9", 40000, 1000 + i, flags));
    }
    return r;
  }

  @Test
  void alertsWhenOneSourceProbesFifteenPortsWithinTenSeconds() {
    DetectorHarness.Result r = probes(15, TCP_SYN, 100).run();
    assertThat(r.alerts()).singleElement().satisfies(a -> {
      assertThat(a.category()).isEqualTo(Categories.PORT_SCAN);
      assertThat(a.srcIp()).isEqualTo("10.0.0.5");
      assertThat(a.destIp()).isEqualTo("10.0.0.9");
      assertThat(a.attributes()).containsEntry("distinct_ports", "15").containsEntry("scan_type", "SYN scan");
    });
  }

  @Test
  void staysSilentAtFourteenPorts() {
    assertThat(probes(14, TCP_SYN, 100).run().alerts()).isEmpty();
  }

  @Test
  void staysSilentWhenTheProbesSpreadBeyondTheWindow() {
    // 15 ports, but 800 ms apart: never more than 13 within any 10 seconds.
    assertThat(probes(15, TCP_SYN, 800).run().alerts()).isEmpty();
  }

  @Test
  void countsXmasFinAndNullProbes() {
    assertThat(probes(15, TCP_FIN | TCP_PSH | TCP_URG, 1).run().alerts())
        .singleElement().satisfies(a -> assertThat(a.attributes()).containsEntry("scan_type", "XMAS scan"));
    assertThat(probes(15, TCP_FIN, 1).run().alerts()).hasSize(1);
    assertThat(probes(15, 0, 1).run().alerts()).hasSize(1);
  }

  @Test
  void neverCountsRepliesSoAServerAnsweringManyClientsIsNoScanner() {
    Replay r = new Replay(provider());
    for (int i = 0; i < 40; i++) {
      r.at(i, tcp("10.0.0.80", "10.0.1." + (i + 1), 21, 30000 + i, TCP_SYN | TCP_ACK));
      r.at(i + 0.5, tcp("10.0.0.80", "10.0.1." + (i + 1), 21, 30000 + i, TCP_RST | TCP_ACK));
      r.at(i + 0.7, tcp("10.0.0.80", "10.0.1." + (i + 1), 21, 30000 + i, TCP_RST));
    }
    assertThat(r.run().alerts()).isEmpty();
  }

  @Test
  void countsPortsAcrossDestinationsButNotHostsOnOnePort() {
    Replay sweep = new Replay(provider());
    Replay spread = new Replay(provider());
    for (int i = 0; i < 20; i++) {
      sweep.at(i, tcp("10.0.0.5", "10.0.2." + (i + 1), 40000, 445, TCP_SYN));
      spread.at(i, tcp("10.0.0.5", "10.0.2." + (i + 1), 40000, 2000 + i, TCP_SYN));
    }
    assertThat(sweep.run().alerts()).isEmpty();
    assertThat(spread.run().sources(Categories.PORT_SCAN)).containsExactly("10.0.0.5");
  }

  @Test
  void countsUdpProbesThatAPortUnreachableAnswered() {
    Replay r = new Replay(provider());
    for (int i = 0; i < 15; i++) {
      byte[] probe = new PacketBuilder().raw().ipv4("10.0.0.5", "10.0.0.9").udp(50000, 100 + i).build();
      r.at(i, new PacketBuilder().ipv4("10.0.0.9", "10.0.0.5").icmp(3, 3).payload(java.util.Arrays.copyOf(probe, 28)));
    }
    Alert alert = r.run().alerts().get(0);
    assertThat(alert.srcIp()).isEqualTo("10.0.0.5");
    assertThat(alert.destIp()).isEqualTo("10.0.0.9");
    assertThat(alert.proto()).isEqualTo("UDP");
    assertThat(alert.attributes()).containsEntry("scan_type", "UDP scan").containsEntry("ports",
        "udp/100,udp/101,udp/102,udp/103,udp/104,udp/105,udp/106,udp/107,udp/108,udp/109,udp/110,udp/111,udp/112,"
            + "udp/113,udp/114");
  }

  @Test
  void followsTheConfiguredThresholdAndWindow() {
    assertThat(probes(5, TCP_SYN, 100).setting("port_scan_threshold", 5).run().alerts()).hasSize(1);
    assertThat(probes(15, TCP_SYN, 100).setting("port_scan_window", 1).run().alerts()).isEmpty();
  }

  @Test
  void anIpv6ScannerIsReportedWithItsAddress() {
    Replay r = new Replay(provider());
    for (int i = 0; i < 15; i++) {
      r.at(i, new PacketBuilder().ipv6("2001:db8::5", "2001:db8::9").tcp(40000, 7000 + i, TCP_SYN));
    }
    assertThat(r.run().sources(Categories.PORT_SCAN)).containsExactly("2001:db8::5");
  }

  @Test
  void synAckIsNotAProbe() {
    assertThat(probes(20, TCP_SYN | TCP_ACK, 1).run().alerts()).isEmpty();
    assertThat(probes(20, TCP_ACK, 1).run().alerts()).isEmpty();
  }
}
