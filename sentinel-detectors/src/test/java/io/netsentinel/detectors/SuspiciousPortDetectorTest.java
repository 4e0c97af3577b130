package io.netsentinel.detectors;

import static io.netsentinel.api.PacketView.TCP_ACK;
import static io.netsentinel.api.PacketView.TCP_PSH;
import static io.netsentinel.api.PacketView.TCP_SYN;
import static io.netsentinel.detectors.Replay.tcp;
import static org.assertj.core.api.Assertions.assertThat;

import io.netsentinel.api.DetectorProvider;
import io.netsentinel.testkit.PacketBuilder;
import io.netsentinel.testkit.junit.DetectorContract;
import org.junit.jupiter.api.Test;

class SuspiciousPortDetectorTest extends DetectorContract {
  @Override
  protected DetectorProvider provider() {
    return new SuspiciousPortDetectorProvider();
  }

  @Test
  void alertsOnAConnectionToABackdoorPort() {
    var r = new Replay(provider()).at(0, tcp("10.10.10.70", "10.10.10.10", 1040, 4444, TCP_SYN)).run();
    assertThat(r.alerts()).singleElement().satisfies(a -> {
      assertThat(a.srcIp()).isEqualTo("10.10.10.70");
      assertThat(a.srcPort()).isEqualTo(1040);
      assertThat(a.destIp()).isEqualTo("10.10.10.10");
      assertThat(a.destPort()).isEqualTo(4444);
      assertThat(a.attributes()).containsEntry("direction", "to_port");
    });
  }

  @Test
  void aServerAnsweringFromTheBackdoorPortIsReportedFromTheClientSide() {
    var r = new Replay(provider())
        .at(0, tcp("10.10.10.10", "10.10.10.70", 4444, 1040, TCP_ACK | TCP_PSH)).run();
    assertThat(r.alerts()).singleElement().satisfies(a -> {
      assertThat(a.srcIp()).isEqualTo("10.10.10.70");
      assertThat(a.destIp()).isEqualTo("10.10.10.10");
      assertThat(a.destPort()).isEqualTo(4444);
      assertThat(a.attributes()).containsEntry("direction", "from_port");
    });
  }

  @Test
  void aSynFromAListedSourcePortIsARandomPortNotABackdoor() {
    var r = new Replay(provider()).at(0, tcp("45.1.2.3", "10.10.10.10", 31337, 25565, TCP_SYN)).run();
    assertThat(r.alerts()).isEmpty();
  }

  @Test
  void aWebServerAnsweringAClientWhoseEphemeralPortIsListedIsSilent() {
    var r = new Replay(provider())
        .at(0, tcp("93.184.216.34", "10.0.0.5", 80, 5555, TCP_ACK))
        .at(1, tcp("10.0.0.5", "93.184.216.34", 5555, 443, TCP_ACK))
        .run();
    assertThat(r.alerts()).isEmpty();
  }

  @Test
  void alertsOncePerClientServerAndPortPerCooldown() {
    Replay r = new Replay(provider());
    for (int i = 0; i < 50; i++) {
      r.at(i * 100, tcp("10.10.10.70", "10.10.10.10", 1040, 4444, TCP_ACK));
      r.at(i * 100 + 1, tcp("10.10.10.10", "10.10.10.70", 4444, 1040, TCP_ACK));
    }
    r.at(5_000, tcp("10.10.10.70", "10.10.10.10", 1041, 6667, TCP_SYN));
    r.at(5_001, tcp("10.10.10.71", "10.10.10.10", 1042, 4444, TCP_SYN));
    r.at(20_000, tcp("10.10.10.70", "10.10.10.10", 1040, 4444, TCP_ACK));
    var alerts = r.run().alerts();
    assertThat(alerts).extracting(a -> a.srcIp() + ">" + a.destPort())
        .containsExactly("10.10.10.70>4444", "10.10.10.70>6667", "10.10.10.71>4444", "10.10.10.70>4444");
    assertThat(alerts.get(3).attributes()).containsEntry("packets_since_last_alert", "100");
  }

  @Test
  void udpToAListedPortCounts() {
    var r = new Replay(provider()).at(0, new PacketBuilder().ipv4("10.0.0.5", "198.51.100.9").udp(50000, 1337))
        .run();
    assertThat(r.alerts()).singleElement().satisfies(a -> assertThat(a.proto()).isEqualTo("UDP"));
  }

  @Test
  void theListIsConfigurable() {
    var r = new Replay(provider()).setting("suspicious_ports", java.util.List.of(8888))
        .at(0, tcp("10.0.0.5", "10.0.0.6", 40000, 4444, TCP_SYN))
        .at(1, tcp("10.0.0.5", "10.0.0.6", 40000, 8888, TCP_SYN))
        .run();
    assertThat(r.alerts()).singleElement().satisfies(a -> assertThat(a.destPort()).isEqualTo(8888));
  }
}
