package io.netsentinel.detectors;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsentinel.api.Alert;
import io.netsentinel.api.Categories;
import io.netsentinel.api.PacketSource;
import io.netsentinel.capture.LiveCapture;
import io.netsentinel.capture.LiveOptions;
import io.netsentinel.capture.NetnsLabExtension;
import io.netsentinel.engine.PipelineStats;
import io.netsentinel.engine.Sentinel;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * All eight detectors on live capture: a real TCP sweep from a network namespace, captured on the host end of a veth
 * pair through libpcap, must come out as a PORT_SCAN from the namespace's address. Needs root and {@code ip}.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LiveCaptureDetectionTest {
  @RegisterExtension final NetnsLabExtension netns = new NetnsLabExtension();

  @Test
  void allDetectorsRunOnTheLiveSourceAndReportTheSweepAsAPortScan() throws Exception {
    BlockingQueue<Alert> alerts = new LinkedBlockingQueue<>();
    PacketSource source = LiveCapture.open(LiveOptions.defaults(netns.lab().hostIface),
        LoggerFactory.getLogger(LiveCaptureDetectionTest.class));
    Sentinel sentinel = Sentinel.builder().source(source).sink(alerts::add).dropWhenFull(true).build();
    assertThat(sentinel.detectorIds()).contains("port-scan", "syn-flood", "icmp-flood", "suspicious-port",
        "arp-spoof", "dns-tunnel", "data-exfil", "brute-force");
    CompletableFuture<PipelineStats> run = CompletableFuture.supplyAsync(() -> {
      try {
        return sentinel.run();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    Alert scan = null;
    try {
      netns.lab().synSweep(3000, 20);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (scan == null && System.nanoTime() < deadline) {
        Alert a = alerts.poll(200, TimeUnit.MILLISECONDS);
        if (a != null && a.category().equals(Categories.PORT_SCAN) && netns.lab().peerIp.equals(a.srcIp())) {
          scan = a;
        }
      }
    } finally {
      Thread stopper = new Thread(() -> {
        sentinel.stop();
        try {
          source.close();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      stopper.start();
      stopper.join(5_000);
    }
    PipelineStats stats = run.get(5, TimeUnit.SECONDS);
    sentinel.close();
    assertThat(scan).as("a PORT_SCAN alert from %s within 10 s", netns.lab().peerIp).isNotNull();
    assertThat(stats.packets()).isGreaterThanOrEqualTo(20);
  }
}
