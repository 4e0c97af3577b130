package io.netsentinel.vt;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsentinel.api.IpRange;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

class SightingQueueTest {
  private static void offer(SightingQueue q, String src, String dst, long hits) {
    IpRange s = IpRange.parse(src);
    IpRange d = IpRange.parse(dst);
    q.offer(s.hi(), s.lo(), d.hi(), d.lo(), 443, 6, hits, null, 0);
  }

  @Test
  void aFullQueueDropsTheOldestAndCountsIt() {
    LongAdder dropped = new LongAdder();
    SightingQueue q = new SightingQueue(4, false, dropped);
    for (int i = 1; i <= 6; i++) {
      offer(q, "10.0.0.5", "198.51.100." + i, 1);
    }
    List<Sighting> out = new ArrayList<>();

    assertThat(q.drain(100, out::add)).isEqualTo(4);

    assertThat(dropped.sum()).isEqualTo(2);
    assertThat(out).extracting(Sighting::indicator)
        .containsExactly("198.51.100.3", "198.51.100.4", "198.51.100.5", "198.51.100.6");
    assertThat(q.size()).isZero();
  }

  @Test
  void aSightingCarriesTheSourceTheDestinationAndItsWeight() {
    SightingQueue q = new SightingQueue(8, false, new LongAdder());
    offer(q, "10.0.0.5", "2001:db8::7", 1);
    offer(q, "fd00::5", "198.51.100.7", 64);
    List<Sighting> out = new ArrayList<>();

    q.drain(10, out::add);

    assertThat(out).containsExactly(
        new Sighting("2001:db8::7", "10.0.0.5", "2001:db8::7", 443, "TCP", 1, true),
        new Sighting("198.51.100.7", "fd00::5", "198.51.100.7", 443, "TCP", 32, false));
  }

  @Test
  void aDomainIsCopiedLowercasedWithoutItsTrailingDot() {
    SightingQueue q = new SightingQueue(2, true, new LongAdder());
    IpRange s = IpRange.parse("10.0.0.5");
    IpRange d = IpRange.parse("10.0.0.53");
    StringBuilder reused = new StringBuilder("Evil.EXAMPLE.com.");
    q.offer(s.hi(), s.lo(), d.hi(), d.lo(), 53, 17, 1, reused, DomainNames.length(reused));
    reused.setLength(0);
    reused.append("overwritten.example.org");
    List<Sighting> out = new ArrayList<>();

    q.drain(10, out::add);

    assertThat(out).singleElement().satisfies(x -> {
      assertThat(x.indicator()).isEqualTo("evil.example.com");
      assertThat(x.dest()).isEqualTo("10.0.0.53");
      assertThat(x.destPort()).isEqualTo(53);
      assertThat(x.proto()).isEqualTo("UDP");
    });
  }
}
