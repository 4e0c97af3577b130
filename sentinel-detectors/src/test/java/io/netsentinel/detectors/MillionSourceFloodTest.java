package io.netsentinel.detectors;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsentinel.api.DetectorProvider;
import io.netsentinel.api.LinkTypes;
import io.netsentinel.api.PacketSource;
import io.netsentinel.api.PacketView;
import io.netsentinel.api.RawFrame;
import io.netsentinel.api.SourceStats;
import io.netsentinel.engine.TableStats;
import io.netsentinel.testkit.PacketBuilder;
import io.netsentinel.testkit.junit.DetectorHarness;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * One million packets from one million random (spoofed) sources through all eight detectors, in a JVM limited to
 * 160 MB of heap (see the surefire argLine). Every table must stay within its limit, evict instead of grow, and the
 * heap after the flood must hold no more than the tables' fixed budget.
 */
class MillionSourceFloodTest {
  private static final int PACKETS = 1_000_000;
  private static final long HEAP_BUDGET = 110L * 1024 * 1024;

  /** Generates the flood on the fly from templates, patching the source address, so the test holds no packets. */
  static final class SpoofedFlood implements PacketSource {
    private final List<byte[]> templates = List.of(
        new PacketBuilder().ipv4("1.0.0.1", "10.0.0.9").tcp(40000, 22, PacketView.TCP_SYN).build(),
        new PacketBuilder().ipv4("1.0.0.1", "10.0.0.9").tcp(40000, 9999, PacketView.TCP_FIN).build(),
        new PacketBuilder().ipv4("1.0.0.1", "10.0.0.9").icmp(8, 0).build(),
        new PacketBuilder().ipv4("1.0.0.1", "10.0.0.53").udp(40000, 53)
            .dnsQuery("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.tunnel.example.com", false).build(),
        new PacketBuilder().arp(2, 0x0200_0000_0001L, "1.0.0.1", 0L, "10.0.0.1").build(),
        new PacketBuilder().ipv4("1.0.0.1", "10.0.0.9").tcp(40000, 4444, PacketView.TCP_SYN).build(),
        new PacketBuilder().ipv4("10.0.0.1", "93.184.216.34").tcp(40000, 443, PacketView.TCP_ACK).build());
    private final byte[] buffer = new byte[256];
    private final SplittableRandom random = new SplittableRandom(2026);
    private int sent;

    @Override
    public boolean next(RawFrame frame) {
      if (sent == PACKETS) {
        return false;
      }
      int kind = sent % templates.size();
      byte[] t = templates.get(kind);
      System.arraycopy(t, 0, buffer, 0, t.length);
      int address = random.nextInt();
      if (kind == 4) {
        // ARP: a random sender MAC claiming a random IP.
        putInt(buffer, 14 + 14, address);
        putInt(buffer, 14 + 10, random.nextInt());
      } else if (kind == 6) {
        // Outbound bytes from a random internal host.
        putInt(buffer, 26, 0x0A000000 | (address & 0x00FFFFFF));
      } else {
        putInt(buffer, 26, address);
      }
      frame.set(buffer, 0, t.length, kind == 6 ? 1500 : t.length, LinkTypes.ETHERNET,
          1_700_000_000_000_000_000L + sent * 2_000L);
      sent++;
      return true;
    }

    private static void putInt(byte[] b, int i, int v) {
      b[i] = (byte) (v >>> 24);
      b[i + 1] = (byte) (v >>> 16);
      b[i + 2] = (byte) (v >>> 8);
      b[i + 3] = (byte) v;
    }

    @Override
    public SourceStats stats() {
      return new SourceStats(sent, -1, -1, -1, -1);
    }

    @Override
    public void close() {}
  }

  @Test
  void aMillionSpoofedSourcesLeaveEveryTableAndTheHeapBounded() {
    DetectorHarness.Result r = DetectorHarness.of(CorpusGoldenTest.allDetectors().toArray(new DetectorProvider[0]))
        .keepAlerts(1000).run(new SpoofedFlood());
    assertThat(r.stats().packets()).isEqualTo(PACKETS);
    assertThat(r.stats().tables()).hasSizeGreaterThanOrEqualTo(9);
    long evictions = 0;
    for (TableStats t : r.stats().tables()) {
      assertThat(t.size()).as(t.table()).isLessThanOrEqualTo(t.maxEntries());
      evictions += t.evictions();
    }
    // The flood touched far more keys than the tables hold: they evicted rather than grew.
    assertThat(evictions).isGreaterThan(PACKETS / 2);

    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    System.gc();
    long used = memory.getHeapMemoryUsage().getUsed();
    System.out.printf("heap in use after %,d spoofed sources: %.1f MB; table evictions %,d%n", PACKETS,
        used / 1048576.0, evictions);
    assertThat(used).as("heap in use after the flood, with the detectors still reachable").isLessThan(HEAP_BUDGET);
    assertThat(r.detectors()).hasSize(8);
    assertThat(r.stats().alerts()).isGreaterThan(r.alerts().size());
  }
}
