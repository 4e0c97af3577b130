package io.netsentinel.detectors;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsentinel.api.Categories;
import io.netsentinel.api.DetectorProvider;
import io.netsentinel.testkit.PacketBuilder;
import io.netsentinel.testkit.junit.DetectorContract;
import org.junit.jupiter.api.Test;

class IcmpFloodDetectorTest extends DetectorContract {
  @Override
  protected DetectorProvider provider() {
    return new IcmpFloodDetectorProvider();
  }

  private Replay pings(int count, double spacingMillis, int type) {
    Replay r = new Replay(provider());
    for (int i = 0; i < count; i++) {
      r.at(i * spacingMillis, new PacketBuilder().ipv4("192.168.189.128", "10.2.1.212").icmp(type, 0));
    }
    return r;
  }

  @Test
  void alertsAtOneHundredEchoRequestsWithinFiveSeconds() {
    assertThat(pings(100, 10, 8).run().alerts()).singleElement().satisfies(a -> {
      assertThat(a.category()).isEqualTo(Categories.ICMP_FLOOD);
      assertThat(a.srcIp()).isEqualTo("192.168.189.128");
      assertThat(a.attributes()).containsEntry("echo_requests", "100");
    });
  }

  @Test
  void staysSilentAtNinetyNine() {
    assertThat(pings(99, 10, 8).run().alerts()).isEmpty();
  }

  @Test
  void staysSilentWhenTheRequestsSpreadBeyondTheWindow() {
    assertThat(pings(150, 60, 8).run().alerts()).isEmpty();
  }

  @Test
  void echoRepliesDoNotCount() {
    assertThat(pings(500, 1, 0).run().alerts()).isEmpty();
  }

  @Test
  void countsIcmpv6EchoRequests() {
    Replay r = new Replay(provider());
    for (int i = 0; i < 100; i++) {
      r.at(i, new PacketBuilder().ipv6("2001:db8::66", "2001:db8::1").icmp(128, 0));
    }
    assertThat(r.run().sources(Categories.ICMP_FLOOD)).containsExactly("2001:db8::66");
  }
}
