package io.netsentinel.vt;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsentinel.api.BoundedTable;
import io.netsentinel.api.Detector;
import io.netsentinel.api.PacketDecoder;
import io.netsentinel.api.PacketView;
import io.netsentinel.api.RawFrame;
import io.netsentinel.testkit.PacketBuilder;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backs the promise of docs/virustotal.md that lookups never slow down capture: once its pairs are known, {@code
 * inspect()} allocates nothing on the packet thread, whatever the lookup thread does meanwhile.
 */
class InspectAllocationTest {
  private static final Logger LOG = LoggerFactory.getLogger(InspectAllocationTest.class);
  private static final int WARM_UP_ROUNDS = 20_000;
  private static final int MEASURED_ROUNDS = 50_000;

  @TempDir Path dir;

  @Test
  void theIpDetectorAllocatesNothingPerPacket() {
    List<PacketBuilder> packets = new ArrayList<>();
    for (int host = 1; host <= 4; host++) {
      packets.add(Traffic.syn("10.0.0." + host, "198.51.100." + host, 443));
      packets.add(new PacketBuilder().ipv6("fd00::" + host, "2001:db8::" + host).tcp(40_000, 443, PacketView.TCP_SYN));
      packets.add(Traffic.syn("10.0.0." + host, "192.168.1.1", 443));
    }
    assertThat(bytesAllocatedPerRound(IndicatorKind.IP, packets)).isZero();
  }

  @Test
  void theDomainDetectorAllocatesNothingPerPacket() {
    List<PacketBuilder> packets = new ArrayList<>();
    for (int host = 1; host <= 4; host++) {
      packets.add(Traffic.query("10.0.0." + host, "10.0.0.53", "Host" + host + ".Example.COM."));
      packets.add(Traffic.query("10.0.0." + host, "10.0.0.53", "printer.local"));
    }
    assertThat(bytesAllocatedPerRound(IndicatorKind.DOMAIN, packets)).isZero();
  }

  /** Bytes the calling thread allocated per round of {@code inspect()} over every packet, after a warm-up. */
  private long bytesAllocatedPerRound(IndicatorKind kind, List<PacketBuilder> packets) {
    TestConfig c = new TestConfig("http://127.0.0.1:9/api/v3", dir);
    VtConfig config = c.build();
    Counters counters = TestConfig.counters();
    LookupService service = LookupService.start(kind, config, Clock.systemUTC(), LOG, "vt-test", counters);
    BoundedTable<Void> pairs = new BoundedTable<>("pairs", 1024, LookupDetector.PAIR_IDLE_NANOS, null, 1);
    try (Detector detector = kind == IndicatorKind.IP
        ? new IpLookupDetector(config, service, pairs, counters, LOG)
        : new DomainLookupDetector(config, service, pairs, counters, LOG)) {
      PacketView[] views = decode(packets);
      inspect(detector, views, WARM_UP_ROUNDS);
      com.sun.management.ThreadMXBean threads =
          (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
      long thread = Thread.currentThread().getId();
      long before = threads.getThreadAllocatedBytes(thread);
      inspect(detector, views, MEASURED_ROUNDS);
      long after = threads.getThreadAllocatedBytes(thread);
      // The two readings themselves allocate a little; anything per packet would be megabytes here.
      return (after - before) / MEASURED_ROUNDS;
    }
  }

  private static void inspect(Detector detector, PacketView[] views, int rounds) {
    for (int round = 0; round < rounds; round++) {
      for (PacketView view : views) {
        detector.inspect(view, null);
      }
    }
  }

  private static PacketView[] decode(List<PacketBuilder> packets) {
    PacketDecoder decoder = new PacketDecoder();
    RawFrame frame = new RawFrame();
    PacketView[] views = new PacketView[packets.size()];
    for (int i = 0; i < views.length; i++) {
      byte[] bytes = packets.get(i).build();
      frame.set(bytes, 0, bytes.length, bytes.length, packets.get(i).linkType(), Traffic.START);
      views[i] = new PacketView();
      assertThat(decoder.decode(frame, views[i])).isTrue();
    }
    return views;
  }
}
