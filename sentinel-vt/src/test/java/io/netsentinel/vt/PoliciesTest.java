package io.netsentinel.vt;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsentinel.api.IpRange;
import io.netsentinel.api.Severity;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PoliciesTest {
  private static final AddressPolicy STRICT = new AddressPolicy(
      List.of(IpRange.parse("10.0.0.0/8"), IpRange.parse("192.168.0.0/16"), IpRange.parse("fc00::/7")), false);
  private static final AddressPolicy DOCS = new AddressPolicy(List.of(IpRange.parse("10.0.0.0/8")), true);

  private static int classify(AddressPolicy policy, String ip) {
    IpRange r = IpRange.parse(ip);
    return policy.classify(r.hi(), r.lo());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "10.1.2.3, INTERNAL",
    "192.168.1.1, INTERNAL",
    "fd12::1, INTERNAL",
    "8.8.8.8, LOOKUP",
    "185.220.101.4, LOOKUP",
    "2a00:1450:4001:80b::200e, LOOKUP",
    "172.16.0.1, SKIP",
    "172.31.255.255, SKIP",
    "172.32.0.1, LOOKUP",
    "127.0.0.1, SKIP",
    "169.254.10.10, SKIP",
    "224.0.0.251, SKIP",
    "239.255.255.250, SKIP",
    "255.255.255.255, SKIP",
    "240.0.0.1, SKIP",
    "0.0.0.0, SKIP",
    "100.64.0.1, SKIP",
    "100.128.0.1, LOOKUP",
    "198.18.0.1, SKIP",
    "192.0.0.9, SKIP",
    "192.0.2.10, SKIP",
    "198.51.100.7, SKIP",
    "203.0.113.50, SKIP",
    "2001:db8::1, SKIP",
    "::1, SKIP",
    "::, SKIP",
    "fe80::1, SKIP",
    "ff02::fb, SKIP"
  })
  void looksUpOnlyPublicUnicastDestinationsOutsideTheHomeNetworks(String ip, String expected) {
    int want = switch (expected) {
      case "INTERNAL" -> AddressPolicy.INTERNAL;
      case "SKIP" -> AddressPolicy.SKIP;
      default -> AddressPolicy.LOOKUP;
    };
    assertThat(classify(STRICT, ip)).isEqualTo(want);
  }

  @Test
  void documentationRangesAreLookedUpOnlyWhenConfigured() {
    for (String ip : List.of("192.0.2.10", "198.51.100.7", "203.0.113.50", "2001:db8::1")) {
      assertThat(classify(DOCS, ip)).as(ip).isEqualTo(AddressPolicy.LOOKUP);
    }
    assertThat(classify(DOCS, "192.0.3.1")).isEqualTo(AddressPolicy.LOOKUP);
    assertThat(classify(DOCS, "127.0.0.1")).isEqualTo(AddressPolicy.SKIP);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "www.example.com, true",
    "Evil-Domain.XYZ, true",
    "_dmarc.example.org, true",
    "a.b.c.d.e.f.example.co.uk, true",
    "localhost, false",
    "wpad, false",
    "printer.local, false",
    "7.1.168.192.in-addr.arpa, false",
    "nas.home.arpa, false",
    "router.lan, false",
    "x.internal, false",
    "foo.test, false",
    "1.2.3.4, false",
    "bad..dots.com, false",
    ".leading.com, false",
    "sp ace.com, false",
    "esc\\x80aped.com, false"
  })
  void looksUpOnlyNamesThatCanBePublicDomains(String name, boolean expected) {
    assertThat(DomainNames.lookupable(name, DomainNames.length(name))).isEqualTo(expected);
  }

  @Test
  void rejectsLabelsAndNamesOverTheDnsLimits() {
    String longLabel = "a".repeat(64) + ".com";
    String longName = ("a".repeat(60) + ".").repeat(5) + "com";
    assertThat(DomainNames.lookupable(longLabel, longLabel.length())).isFalse();
    assertThat(DomainNames.lookupable(longName, longName.length())).isFalse();
    String ok = "a".repeat(63) + ".com";
    assertThat(DomainNames.lookupable(ok, ok.length())).isTrue();
  }

  @Test
  void hashesANameTheSameWhateverItsCase() {
    assertThat(DomainNames.hashHi("WWW.Example.COM", 15)).isEqualTo(DomainNames.hashHi("www.example.com", 15));
    assertThat(DomainNames.hashLo("WWW.Example.COM", 15)).isEqualTo(DomainNames.hashLo("www.example.com", 15));
    assertThat(DomainNames.hashLo("www.example.com", 15)).isNotEqualTo(DomainNames.hashLo("www.example.org", 15));
    assertThat(DomainNames.length("www.example.com.")).isEqualTo(15);
  }

  @ParameterizedTest(name = "{0}/{1}/{2} -> {3}")
  @CsvSource({
    "9, 0, 0, CRITICAL",
    "100, 0, 0, CRITICAL",
    "8, 0, 0, HIGH",
    "3, 0, 0, HIGH",
    "2, 5, 0, MEDIUM",
    "2, 4, 0, NONE",
    "0, 0, -11, LOW",
    "0, 0, -10, NONE",
    "0, 4, -100, LOW",
    "1, 0, 0, NONE"
  })
  void mapsEngineCountsAndReputationToSeverity(int malicious, int suspicious, int reputation, String expected) {
    Severity s = new Verdict(malicious, suspicious, 50, 20, 0, reputation).severity();
    assertThat(s).isEqualTo(expected.equals("NONE") ? null : Severity.valueOf(expected));
  }
}
