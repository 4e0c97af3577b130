package io.netsentinel.detectors;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import io.netsentinel.api.DetectorProvider;
import io.netsentinel.api.LinkTypes;
import io.netsentinel.api.PacketView;
import io.netsentinel.api.RawFrame;
import io.netsentinel.api.Settings;
import io.netsentinel.engine.DetectionWorker;
import io.netsentinel.engine.Sentinel;
import io.netsentinel.testkit.PacketBuilder;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The eight detectors allocate nothing per packet on benign traffic once their tables hold its keys and the JIT has
 * compiled them (docs/benchmarks.md: "0 bytes per packet"), with an ARP allow-list of networks, whose check runs for
 * every ARP packet. This catches what survives escape analysis (a string or object kept per packet); an allocation
 * that escape analysis removes only in a small program, such as the allow-list's iterator that
 * {@code DetectBenchmark} caught at 50,000 hosts, needs the JMH benchmark with {@code -prof gc}.
 */
class InspectAllocationTest {
  private static final long S = 1_000_000_000L;
  private static final int WARM_UP_ROUNDS = 50_000;
  private static final int MEASURED_ROUNDS = 10_000;

  @Test
  void benignTrafficThroughAllEightDetectorsAllocatesNothingPerPacket() {
    Settings settings = Settings.parse("{\"arp_allowlist\": [\"192.0.2.0/24\", \"198.51.100.7\", \"02:00:00:00:99:99\"]}",
        "test", Path.of("."));
    List<byte[]> frames = new ArrayList<>();
    for (int host = 1; host <= 8; host++) {
      String ip = "10.0.0." + host;
      frames.add(new PacketBuilder().ipv4(ip, "93.184.216." + host).tcp(40_000 + host, 443, PacketView.TCP_ACK)
          .payload(new byte[20]).build());
      frames.add(new PacketBuilder().ipv4("93.184.216." + host, ip).tcp(443, 40_000 + host, PacketView.TCP_ACK)
          .build());
      frames.add(new PacketBuilder().ipv4(ip, "10.0.0.53").udp(50_000 + host, 53)
          .dnsQuery("host" + host + ".example.com", false).build());
      frames.add(new PacketBuilder().arp(host % 2 + 1, 0x0200_0000_0100L + host, ip, 0L, "10.0.0.254").build());
      frames.add(new PacketBuilder().ipv4(ip, "10.0.0.99").icmp(0, 0).build());
    }
    Sentinel.Builder builder = Sentinel.builder().settings(settings);
    for (DetectorProvider p : CorpusGoldenTest.allDetectors()) {
      builder.detector(p);
    }
    long[] alerts = new long[1];
    DetectionWorker worker = builder.detectors().buildWorker(a -> alerts[0]++);
    RawFrame frame = new RawFrame();
    long[] clock = {100 * S};
    byte[][] all = frames.toArray(new byte[0][]);
    Runnable round = () -> {
      // Indexed: an iterator here would be this test's own allocation.
      for (byte[] f : all) {
        clock[0] += 50_000;
        frame.set(f, 0, f.length, f.length, LinkTypes.ETHERNET, clock[0]);
        worker.process(frame);
      }
    };
    try (worker) {
      for (int i = 0; i < WARM_UP_ROUNDS; i++) {
        round.run();
      }
      ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
      long tid = Thread.currentThread().getId();
      long before = mx.getThreadAllocatedBytes(tid);
      for (int i = 0; i < MEASURED_ROUNDS; i++) {
        round.run();
      }
      long allocated = mx.getThreadAllocatedBytes(tid) - before;
      assertThat(alerts[0]).as("benign traffic raises no alert").isZero();
      assertThat(allocated).as("bytes allocated over %,d packets", (long) MEASURED_ROUNDS * frames.size())
          .isLessThan(1024);
    }
  }
}
