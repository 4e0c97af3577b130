package io.netsentinel.detectors;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsentinel.api.DetectorProvider;
import io.netsentinel.testkit.PacketBuilder;
import io.netsentinel.testkit.junit.DetectorContract;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

class DnsTunnelDetectorTest extends DetectorContract {
  @Override
  protected DetectorProvider provider() {
    return new DnsTunnelDetectorProvider();
  }

  /** A query whose name is {@code length} characters: a long first label, then ".t.example.com". */
  private static PacketBuilder query(String src, int length, String domain, int dstPort, boolean response) {
    String suffix = ".t." + domain;
    String name = "a".repeat(length - suffix.length()) + suffix;
    return new PacketBuilder().ipv4(src, "10.0.0.53").udp(response ? 53 : 40000, dstPort)
        .dnsQuery(name, response);
  }

  @Test
  void alertsOnAQueryNameOfFiftyOneCharacters() {
    var r = new Replay(provider()).at(0, query("10.0.2.30", 51, "example.com", 53, false)).run();
    assertThat(r.alerts()).singleElement().satisfies(a -> {
      assertThat(a.srcIp()).isEqualTo("10.0.2.30");
      assertThat(a.destIp()).isEqualTo("10.0.0.53");
      assertThat(a.destPort()).isEqualTo(53);
      assertThat(a.attributes()).containsEntry("query_length", "51").containsEntry("domain", "example.com");
    });
  }

  @Test
  void staysSilentAtFiftyCharacters() {
    assertThat(new Replay(provider()).at(0, query("10.0.2.30", 50, "example.com", 53, false)).run().alerts())
        .isEmpty();
  }

  @Test
  void responsesAndMulticastDnsAreNotQueries() {
    var r = new Replay(provider())
        .at(0, query("10.0.2.30", 80, "example.com", 53, true))
        .at(1, query("10.0.2.30", 80, "example.com", 5353, false))
        .run();
    assertThat(r.alerts()).isEmpty();
  }

  @Test
  void alertsOncePerSourceAndRegisteredDomainPerCooldown() {
    Replay r = new Replay(provider());
    for (int i = 0; i < 30; i++) {
      r.at(i * 100, query("10.0.2.30", 60 + i, "pirate.sea", 53, false));
    }
    r.at(3_100, query("10.0.2.30", 60, "tunnel.co.uk", 53, false));
    r.at(3_200, query("10.0.2.31", 60, "pirate.sea", 53, false));
    var alerts = r.run().alerts();
    assertThat(alerts).extracting(a -> a.srcIp() + " " + a.attributes().get("domain"))
        .containsExactly("10.0.2.30 pirate.sea", "10.0.2.30 tunnel.co.uk", "10.0.2.31 pirate.sea");
  }

  @Test
  void namesWithRawEightBitBytesAreMeasuredAndShownEscaped() {
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    wire.write(50);
    for (int i = 0; i < 50; i++) {
      wire.write(0x80 + i);
    }
    wire.writeBytes(PacketBuilder.labels("pirate.sea"));
    byte[] msg = PacketBuilder.dnsMessage(wire.toByteArray(), false);
    var r = new Replay(provider()).at(0, new PacketBuilder().ipv4("10.0.2.30", "10.0.2.2").udp(40000, 53)
        .payload(msg)).run();
    assertThat(r.alerts()).singleElement().satisfies(a -> {
      assertThat(a.attributes()).containsEntry("query_length", "61").containsEntry("domain", "pirate.sea");
      assertThat(a.attributes().get("query")).startsWith("\\x80\\x81\\x82");
    });
  }

  @Test
  void findsTheRegisteredDomain() {
    assertThat(RegisteredDomain.of("aaaa.bbb.pirate.sea")).isEqualTo("pirate.sea");
    assertThat(RegisteredDomain.of("x.y.Example.CO.UK.")).isEqualTo("example.co.uk");
    assertThat(RegisteredDomain.of("x.example.com.au")).isEqualTo("example.com.au");
    assertThat(RegisteredDomain.of("x.example.de")).isEqualTo("example.de");
    assertThat(RegisteredDomain.of("localhost")).isEqualTo("localhost");
  }
}
