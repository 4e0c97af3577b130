package io.netsentinel.detectors;

import static io.netsentinel.api.PacketView.TCP_ACK;
import static io.netsentinel.api.PacketView.TCP_SYN;
import static io.netsentinel.detectors.Replay.tcp;
import static org.assertj.core.api.Assertions.assertThat;

import io.netsentinel.api.Alert;
import io.netsentinel.api.DetectorProvider;
import io.netsentinel.testkit.junit.DetectorContract;
import java.util.List;
import org.junit.jupiter.api.Test;

class SynFloodDetectorTest extends DetectorContract {
  @Override
  protected DetectorProvider provider() {
    return new SynFloodDetectorProvider();
  }

  private Replay flood(int count, double spacingMillis) {
    Replay r = new Replay(provider());
    for (int i = 0; i < count; i++) {
      r.at(i * spacingMillis, tcp("203.0.113.7", "10.0.0.9", 1024 + i, 80, TCP_SYN));
    }
    return r;
  }

  @Test
  void alertsAtExactlyTwoHundredSynsWithinFiveSeconds() {
    List<Alert> alerts = flood(200, 1).run().alerts();
    assertThat(alerts).singleElement().satisfies(a -> {
      assertThat(a.srcIp()).isEqualTo("203.0.113.7");
      assertThat(a.destIp()).isEqualTo("10.0.0.9");
      assertThat(a.attributes()).containsEntry("rule", "source").containsEntry("syn_count", "200");
    });
  }

  @Test
  void staysSilentAtOneHundredNinetyNine() {
    assertThat(flood(199, 1).run().alerts()).isEmpty();
  }

  @Test
  void staysSilentWhenTheSynsSpreadBeyondTheWindow() {
    // 300 SYNs 30 ms apart: at most 167 in any 5 seconds.
    assertThat(flood(300, 30).run().alerts()).isEmpty();
  }

  @Test
  void ignoresSynAcksAndDataSegments() {
    Replay r = new Replay(provider());
    for (int i = 0; i < 500; i++) {
      r.at(i, tcp("203.0.113.7", "10.0.0.9", 80, 1024 + i, TCP_SYN | TCP_ACK));
      r.at(i, tcp("203.0.113.7", "10.0.0.9", 80, 1024 + i, TCP_ACK));
    }
    assertThat(r.run().alerts()).isEmpty();
  }

  @Test
  void reportsASpoofedFloodOnceAgainstItsDestination() {
    Replay r = new Replay(provider());
    for (int i = 0; i < 3000; i++) {
      String src = (11 + i % 200) + "." + (i / 200) + "." + (i % 7) + "." + (1 + i % 250);
      r.at(i * 0.5, tcp(src, "10.10.10.10", 1024 + i, 25565, TCP_SYN));
    }
    List<Alert> alerts = r.run().alerts();
    assertThat(alerts).singleElement().satisfies(a -> {
      assertThat(a.srcIp()).isNull();
      assertThat(a.destIp()).isEqualTo("10.10.10.10");
      assertThat(a.destPort()).isEqualTo(25565);
      assertThat(a.attributes()).containsEntry("rule", "destination").containsEntry("syn_count", "1000");
      assertThat(Long.parseLong(a.attributes().get("distinct_sources"))).isBetween(900L, 1100L);
    });
  }

  @Test
  void aBusyDestinationWithFewSourcesIsNotASpoofedFlood() {
    Replay r = new Replay(provider());
    for (int i = 0; i < 1200; i++) {
      r.at(i * 4, tcp("198.51.100." + (1 + i % 5), "10.10.10.10", 1024 + i, 443, TCP_SYN));
    }
    assertThat(r.run().alerts()).noneMatch(a -> "destination".equals(a.attributes().get("rule")));
  }
}
