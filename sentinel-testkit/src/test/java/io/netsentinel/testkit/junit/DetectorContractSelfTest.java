package io.netsentinel.testkit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsentinel.api.AlertEmitter;
import io.netsentinel.api.Detector;
import io.netsentinel.api.DetectorContext;
import io.netsentinel.api.DetectorProvider;
import io.netsentinel.api.PacketView;
import io.netsentinel.testkit.MemorySource;
import io.netsentinel.testkit.PacketBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The contract's checks must catch the faults they name, or they prove nothing. */
class DetectorContractSelfTest {
  /** Keeps the last packet view in a list: exactly what the contract forbids. */
  static final class Hoarder implements Detector {
    final List<Object> kept = new ArrayList<>();

    @Override
    public void inspect(PacketView packet, AlertEmitter alerts) {
      if (kept.isEmpty()) {
        kept.add(packet);
      }
    }
  }

  /** Remembers every source in a plain map: unbounded. */
  static final class Leaky implements Detector {
    final Map<Long, long[]> perSource = new HashMap<>();

    @Override
    public void inspect(PacketView packet, AlertEmitter alerts) {
      perSource.computeIfAbsent(packet.srcLo(), k -> new long[1])[0]++;
    }
  }

  private static DetectorProvider provider(String id, java.util.function.Supplier<Detector> d) {
    return new DetectorProvider() {
      @Override
      public String id() {
        return id;
      }

      @Override
      public Detector create(DetectorContext context) {
        return d.get();
      }
    };
  }

  @Test
  void findsADetectorThatKeepsTheView() {
    MemorySource source = new MemorySource().add(1_000, new PacketBuilder().ipv4("10.0.0.1", "10.0.0.2").udp(1, 2));
    DetectorHarness.Result r = DetectorHarness.of(provider("hoarder", Hoarder::new)).run(source);
    assertThat(DetectorContract.findReference(r.detectors().get(0), r.view(), r.dnsName()))
        .isEqualTo("Hoarder.kept<0>");
  }

  @Test
  void countsObjectsThatGrowWithTheFlood() {
    MemorySource small = new MemorySource();
    MemorySource big = new MemorySource();
    for (int i = 0; i < 2_000; i++) {
      PacketBuilder p = new PacketBuilder().ipv4("10." + (i >> 8 & 255) + ".0." + (i & 255), "10.9.9.9").udp(1, 2);
      if (i < 1_000) {
        small.add(i, p);
      }
      big.add(i, p);
    }
    DetectorProvider leaky = provider("leaky", Leaky::new);
    long few = DetectorContract.reachableObjects(DetectorHarness.of(leaky).run(small).detectors().get(0));
    long many = DetectorContract.reachableObjects(DetectorHarness.of(leaky).run(big).detectors().get(0));
    assertThat(many).isGreaterThan(few + few / 10 + 100);
  }
}
