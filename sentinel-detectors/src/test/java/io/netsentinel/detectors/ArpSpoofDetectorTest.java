package io.netsentinel.detectors;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsentinel.api.DetectorProvider;
import io.netsentinel.testkit.PacketBuilder;
import io.netsentinel.testkit.junit.DetectorContract;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArpSpoofDetectorTest extends DetectorContract {
  private static final long GENUINE = 0x50ebf6ec0e7fL;
  private static final long ATTACKER = 0x080027530cbaL;

  @Override
  protected DetectorProvider provider() {
    return new ArpSpoofDetectorProvider();
  }

  private static PacketBuilder reply(long mac, String ip) {
    return new PacketBuilder().ethernet(mac, 0x2c3033e2d5c3L).arp(2, mac, ip, 0x2c3033e2d5c3L, "192.168.10.1");
  }

  @Test
  void alertsWhenTheMacForAnIpChanges() {
    var r = new Replay(provider()).at(0, reply(GENUINE, "192.168.10.4")).at(1000, reply(ATTACKER, "192.168.10.4"))
        .run();
    assertThat(r.alerts()).singleElement().satisfies(a -> {
      assertThat(a.srcIp()).isEqualTo("192.168.10.4");
      assertThat(a.srcMac()).isEqualTo("08:00:27:53:0c:ba");
      assertThat(a.proto()).isEqualTo("ARP");
      assertThat(a.attributes()).containsEntry("old_mac", "50:eb:f6:ec:0e:7f")
          .containsEntry("new_mac", "08:00:27:53:0c:ba").containsEntry("rule", "mac_changed")
          .containsEntry("arp_op", "reply");
    });
  }

  @Test
  void theSameClaimRepeatedAndProbesFromZeroAreSilent() {
    Replay r = new Replay(provider());
    for (int i = 0; i < 20; i++) {
      r.at(i * 1000, reply(GENUINE, "192.168.10.4"));
      r.at(i * 1000 + 1, new PacketBuilder().arp(1, ATTACKER + i, "0.0.0.0", 0, "192.168.10.4"));
    }
    assertThat(r.run().alerts()).isEmpty();
  }

  @Test
  void alertsWhenOneMacClaimsTwoIpsWithinTheWindow() {
    var r = new Replay(provider()).at(0, reply(ATTACKER, "172.16.0.1")).at(5_000, reply(ATTACKER, "172.16.0.105"))
        .run();
    assertThat(r.alerts()).singleElement().satisfies(a -> {
      assertThat(a.srcMac()).isEqualTo("08:00:27:53:0c:ba");
      assertThat(a.attributes()).containsEntry("rule", "many_ips").containsEntry("ips", "172.16.0.1,172.16.0.105");
    });
  }

  @Test
  void twoIpsFurtherApartThanTheWindowOrUnderALargerLimitAreSilent() {
    assertThat(new Replay(provider()).at(0, reply(ATTACKER, "172.16.0.1")).at(61_000, reply(ATTACKER, "172.16.0.2"))
        .run().alerts()).isEmpty();
    assertThat(new Replay(provider()).setting("arp_max_ips_per_mac", 2)
        .at(0, reply(ATTACKER, "172.16.0.1")).at(1, reply(ATTACKER, "172.16.0.2")).run().alerts()).isEmpty();
  }

  @Test
  void theAllowListSilencesAKnownMultiMacHost() {
    for (String allowed : List.of("192.168.10.4", "192.168.10.0/24", "08:00:27:53:0c:ba")) {
      var r = new Replay(provider()).setting("arp_allowlist", List.of(allowed))
          .at(0, reply(GENUINE, "192.168.10.4")).at(1000, reply(ATTACKER, "192.168.10.4")).run();
      assertThat(r.alerts()).as(allowed).isEmpty();
    }
  }

  @Test
  void aBadAllowListEntryIsAClearError() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Replay(provider())
            .setting("arp_allowlist", List.of("router.local")).at(0, reply(GENUINE, "192.168.10.4")).run())
        .hasMessageContaining("detector 'arp-spoof'").hasMessageContaining("arp_allowlist")
        .hasMessageContaining("router.local");
  }
}
