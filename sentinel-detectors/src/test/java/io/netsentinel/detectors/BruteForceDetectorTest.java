package io.netsentinel.detectors;

import static io.netsentinel.api.PacketView.TCP_SYN;
import static io.netsentinel.detectors.Replay.tcp;
import static org.assertj.core.api.Assertions.assertThat;

import io.netsentinel.api.DetectorProvider;
import io.netsentinel.testkit.junit.DetectorContract;
import java.util.List;
import org.junit.jupiter.api.Test;

class BruteForceDetectorTest extends DetectorContract {
  @Override
  protected DetectorProvider provider() {
    return new BruteForceDetectorProvider();
  }

  private Replay attempts(int count, double spacingMillis, int port) {
    Replay r = new Replay(provider());
    for (int i = 0; i < count; i++) {
      r.at(i * spacingMillis, tcp("10.234.125.254", "10.121.70.151", 40000 + i, port, TCP_SYN));
    }
    return r;
  }

  @Test
  void alertsAtThirtyAttemptsOnOneServiceWithinThirtySeconds() {
    assertThat(attempts(30, 500, 21).run().alerts()).singleElement().satisfies(a -> {
      assertThat(a.srcIp()).isEqualTo("10.234.125.254");
      assertThat(a.destIp()).isEqualTo("10.121.70.151");
      assertThat(a.destPort()).isEqualTo(21);
      assertThat(a.attributes()).containsEntry("attempts", "30").containsEntry("service_port", "21");
    });
  }

  @Test
  void staysSilentAtTwentyNine() {
    assertThat(attempts(29, 500, 21).run().alerts()).isEmpty();
  }

  @Test
  void staysSilentWhenTheAttemptsSpreadBeyondTheWindow() {
    assertThat(attempts(40, 1100, 22).run().alerts()).isEmpty();
  }

  @Test
  void ignoresPortsThatAreNoLoginService() {
    assertThat(attempts(100, 10, 8080).run().alerts()).isEmpty();
  }

  @Test
  void countsOneServiceAcrossHosts() {
    Replay r = new Replay(provider());
    for (int i = 0; i < 30; i++) {
      r.at(i * 100, tcp("10.0.0.66", "10.0.5." + (i + 1), 40000 + i, 22, TCP_SYN));
    }
    assertThat(r.run().alerts()).hasSize(1);
  }

  @Test
  void aScanThatTouchesEachAuthPortOnceIsNoBruteForce() {
    Replay r = new Replay(provider());
    List<Integer> auth = List.of(21, 22, 23, 25, 110, 143, 445, 1433, 3306, 3389, 5432, 5900);
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < auth.size(); i++) {
        r.at(round * 100 + i, tcp("10.0.0.66", "10.0.5.1", 40000 + i, auth.get(i), TCP_SYN));
      }
    }
    assertThat(r.run().alerts()).isEmpty();
  }
}
