package io.netsentinel.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netsentinel.api.SettingsException;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LiveCaptureErrorsTest {
  @Test
  void badFilterNamesTheFilterAndLibpcapsMessage() {
    assertThatThrownBy(() -> LiveCapture.checkFilter("tcp port banana and", 65535))
        .isInstanceOf(SettingsException.class)
        .hasMessageContaining("filter 'tcp port banana and'")
        .hasMessageMatching("(?s)[^\\n]*is invalid: .*\\S.*")
        .message().doesNotContain("\n");
  }

  @Test
  void goodFilterCompilesWithoutPrivileges() throws Exception {
    LiveCapture.checkFilter("icmp or (udp and port 53)", 65535);
  }

  @Test
  void badFilterOnALiveInterfaceIsTheSameSettingsError() {
    Assumptions.assumeTrue(NetnsLab.unavailableReason() == null, "opening an interface needs root");
    LiveOptions options = LiveOptions.defaults("lo").withFilter("port 99999999");
    assertThatThrownBy(() -> LiveCapture.open(options, LoggerFactory.getLogger(getClass())))
        .isInstanceOf(SettingsException.class)
        .hasMessageContaining("filter 'port 99999999' is invalid: ")
        .message().doesNotContain("\n");
  }

  @Test
  void unknownInterfaceListsTheValidOnes() throws Exception {
    List<String> names = LiveCapture.interfaces().stream().map(LiveInterface::name).toList();
    assertThat(names).isNotEmpty();
    assertThatThrownBy(() -> LiveCapture.open(LiveOptions.defaults("nosuch0"), LoggerFactory.getLogger(getClass())))
        .isInstanceOf(LiveCaptureException.class)
        .hasMessageStartingWith("unknown interface 'nosuch0'; valid interfaces: ")
        .hasMessageContaining(names.get(0))
        .hasMessageContaining(String.join(", ", names))
        .message().doesNotContain("\n");
  }

  @Test
  void defaultInterfaceIsTheFirstThatIsUpNotLoopbackAndHasAnAddress() throws Exception {
    List<LiveInterface> all = LiveCapture.interfaces();
    Assumptions.assumeTrue(all.stream().anyMatch(i -> i.up() && !i.loopback() && !i.addresses().isEmpty()),
        "this host has no interface that is up, not loopback, and has an address");
    LiveInterface expected = all.stream()
        .filter(i -> i.up() && !i.loopback() && !i.addresses().isEmpty()).findFirst().orElseThrow();
    assertThat(LiveCapture.defaultInterface()).isEqualTo(expected.name()).isNotEqualTo("lo");
  }

  @Test
  void interfacesIncludeLoopbackWithItsAddress() throws Exception {
    assertThat(LiveCapture.interfaces())
        .filteredOn(i -> i.name().equals("lo"))
        .singleElement()
        .satisfies(lo -> {
          assertThat(lo.loopback()).isTrue();
          assertThat(lo.addresses()).contains("127.0.0.1");
          assertThat(lo.toString()).startsWith("lo").contains("127.0.0.1");
        });
  }

  @Test
  void missingLibpcapSaysWhatToInstallForEachOs() {
    assertThat(LiveCapture.libpcapMissingMessage("Linux"))
        .contains("libpcap0.8 on Debian/Ubuntu").contains("libpcap on Fedora/RHEL");
    assertThat(LiveCapture.libpcapMissingMessage("Windows 11"))
        .contains("Npcap").contains("WinPcap API-compatible mode").doesNotContain("libpcap0.8");
    assertThat(LiveCapture.libpcapMissingMessage("Mac OS X")).contains("macOS");
  }

  @Test
  void permissionErrorsAreRecognisedAndTheHintGivesTheSetcapCommand() {
    assertThat(LiveCapture.isPermission(new Exception("eth0: You don't have permission to capture on that device")))
        .isTrue();
    assertThat(LiveCapture.isPermission(new Exception("socket: Operation not permitted"))).isTrue();
    assertThat(LiveCapture.isPermission(new Exception("No such device exists"))).isFalse();
    assertThat(LiveCapture.PERMISSION_HINT)
        .isEqualTo("run as root or grant CAP_NET_RAW and CAP_NET_ADMIN: "
            + "setcap cap_net_raw,cap_net_admin=eip $(readlink -f $(which java))");
  }
}
