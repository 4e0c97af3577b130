package io.netsentinel.detectors;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsentinel.api.DetectorProvider;
import io.netsentinel.testkit.PacketBuilder;
import io.netsentinel.testkit.junit.DetectorContract;
import org.junit.jupiter.api.Test;

class DataExfilDetectorTest extends DetectorContract {
  private static final long THRESHOLD = 5L * 1024 * 1024;

  @Override
  protected DetectorProvider provider() {
    return new DataExfilDetectorProvider();
  }

  /** {@code frames} frames of {@code wire} bytes on the wire each (captured at 64 bytes, as with a short snaplen). */
  private static Replay upload(String src, String dst, int frames, int wire, double spacingMillis) {
    Replay r = new Replay(new DataExfilDetectorProvider());
    for (int i = 0; i < frames; i++) {
      r.at(i * spacingMillis, new PacketBuilder().ipv4(src, dst).tcp(40000, 443, 0x18), wire);
    }
    return r;
  }

  @Test
  void alertsWhenAnInternalHostSendsFiveMebibytesOutWithinAMinute() {
    // 5,242,880 bytes in 4,096 frames of 1,280 bytes, counted on the wire although only 54 bytes were captured each.
    var r = upload("10.0.0.7", "203.0.113.50", 4096, 1280, 10).run();
    assertThat(r.alerts()).singleElement().satisfies(a -> {
      assertThat(a.srcIp()).isEqualTo("10.0.0.7");
      assertThat(a.destIp()).isEqualTo("203.0.113.50");
      assertThat(a.attributes()).containsEntry("bytes", Long.toString(THRESHOLD));
    });
  }

  @Test
  void staysSilentOneByteShort() {
    Replay r = upload("10.0.0.7", "203.0.113.50", 4095, 1280, 10);
    r.at(41_000, new PacketBuilder().ipv4("10.0.0.7", "203.0.113.50").tcp(40000, 443, 0x18), 1279);
    assertThat(r.run().alerts()).isEmpty();
  }

  @Test
  void staysSilentWhenTheBytesSpreadBeyondTheWindow() {
    assertThat(upload("10.0.0.7", "203.0.113.50", 5000, 1440, 20).run().alerts()).isEmpty();
  }

  @Test
  void internalToInternalExternalInboundMulticastAndBroadcastNeverCount() {
    int frames = 5000;
    assertThat(upload("10.0.0.7", "192.168.1.9", frames, 1500, 1).run().alerts()).isEmpty();
    assertThat(upload("203.0.113.50", "10.0.0.7", frames, 1500, 1).run().alerts()).isEmpty();
    assertThat(upload("10.0.0.7", "239.1.2.3", frames, 1500, 1).run().alerts()).isEmpty();
    assertThat(upload("10.0.0.7", "255.255.255.255", frames, 1500, 1).run().alerts()).isEmpty();
    assertThat(upload("10.0.0.7", "169.254.1.1", frames, 1500, 1).run().alerts()).isEmpty();
  }

  @Test
  void homeNetworksAreConfigurableAndIpv6UniqueLocalIsInternal() {
    assertThat(upload("100.64.0.7", "203.0.113.50", 5000, 1500, 1)
        .setting("home_networks", java.util.List.of("100.64.0.0/10")).run().alerts()).hasSize(1);
    Replay v6 = new Replay(provider());
    for (int i = 0; i < 4000; i++) {
      v6.at(i, new PacketBuilder().ipv6("fd00::7", "2001:db8:1::9").tcp(40000, 443, 0x18), 1500);
    }
    assertThat(v6.run().sources("DATA_EXFIL")).containsExactly("fd00::7");
  }
}
