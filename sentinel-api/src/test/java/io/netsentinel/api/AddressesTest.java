package io.netsentinel.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AddressesTest {
  @Test
  void formatsIpv6InRfc5952Form() {
    assertThat(Addresses.format(0x20010db800000000L, 0x0000000000000001L)).isEqualTo("2001:db8::1");
    assertThat(Addresses.format(0, 1)).isEqualTo("::1");
    // No run of two zero groups: nothing is compressed.
    assertThat(Addresses.format(0x20010db800000001L, 0x0000000100000001L)).isEqualTo("2001:db8:0:1:0:1:0:1");
    // The longest run is compressed, not the first.
    assertThat(Addresses.format(0x2001000000000001L, 0x0000000000000001L)).isEqualTo("2001:0:0:1::1");
    assertThat(Addresses.format(0xfe80000000000000L, 0x021122fffe334455L)).isEqualTo("fe80::211:22ff:fe33:4455");
  }

  @Test
  void formatsIpv4MappedValuesAsDottedQuads() {
    assertThat(Addresses.format(0, Addresses.ipv4MappedLo(0xC0A80001))).isEqualTo("192.168.0.1");
  }

  @Test
  void formatsMacs() {
    assertThat(Addresses.formatMac(0x000000000001L)).isEqualTo("00:00:00:00:00:01");
    assertThat(Addresses.formatMac(0x080027530cbaL)).isEqualTo("08:00:27:53:0c:ba");
    assertThat(Addresses.formatMac(-1)).isNull();
  }

  @Test
  void ipRangesMatchBothFamiliesInTheSameSpace() {
    IpRange ten = IpRange.parse("10.0.0.0/8");
    assertThat(ten.contains(0, Addresses.ipv4MappedLo(0x0A010203))).isTrue();
    assertThat(ten.contains(0, Addresses.ipv4MappedLo(0x0B010203))).isFalse();
    IpRange ula = IpRange.parse("fc00::/7");
    assertThat(ula.contains(0xfd00000000000000L, 5)).isTrue();
    assertThat(ula.contains(0xfe80000000000000L, 5)).isFalse();
    assertThat(IpRange.parse("192.168.1.7").contains(0, Addresses.ipv4MappedLo(0xC0A80107))).isTrue();
  }

  @Test
  void aRangeSetMatchesWhatItsRangesMatch() {
    IpRangeSet home = IpRangeSet.of(java.util.List.of(IpRange.parse("10.0.0.0/8"), IpRange.parse("fc00::/7"),
        IpRange.parse("192.168.1.7")));
    assertThat(home.contains(0, Addresses.ipv4MappedLo(0x0A7F0001))).isTrue();
    assertThat(home.contains(0, Addresses.ipv4MappedLo(0xC0A80107))).isTrue();
    assertThat(home.contains(0, Addresses.ipv4MappedLo(0xC0A80108))).isFalse();
    assertThat(home.contains(0xfd12000000000000L, 1)).isTrue();
    assertThat(home.contains(0x2001000000000000L, 1)).isFalse();
    assertThat(IpRangeSet.of(java.util.List.of()).contains(0, 1)).isFalse();
    assertThat(IpRangeSet.of(java.util.List.of(IpRange.parse("::/0"))).contains(0x2001000000000000L, 1)).isTrue();
  }

  @Test
  void ipRangesRejectNamesAndBadPrefixesWithoutResolving() {
    assertThatThrownBy(() -> IpRange.parse("example.com/8")).hasMessageContaining("not an IP address");
    assertThatThrownBy(() -> IpRange.parse("abc")).hasMessageContaining("not an IP address");
    assertThatThrownBy(() -> IpRange.parse("10.0.0.0/33")).hasMessageContaining("prefix length");
    assertThatThrownBy(() -> IpRange.parse("300.0.0.0/8")).hasMessageContaining("not an IP address");
  }
}
