package io.netsentinel.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsentinel.api.PacketView;
import io.netsentinel.api.Settings;
import io.netsentinel.api.Severity;
import io.netsentinel.engine.Sentinel;
import io.netsentinel.testkit.MemorySource;
import io.netsentinel.testkit.PacketBuilder;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spool's depth reaches the engine's live metrics, where the agent's /metrics reads it. */
class TlsSinkMetricsTest {
  private static final long S = 1_000_000_000L;

  @TempDir Path tmp;

  @Test
  void theSpoolDepthIsAGaugeOfTheTlsSinkWhileTheServerIsDown() throws Exception {
    int closedPort;
    try (ServerSocket probe = new ServerSocket(0)) {
      closedPort = probe.getLocalPort();
    }
    Settings settings = Settings.of(Map.of(
        "api_key", "k".repeat(32),
        "data_dir", tmp.toString(),
        "sinks", Map.of("tls", Map.of("url", "https://127.0.0.1:" + closedPort, "insecure", true,
            "close_timeout", 0.2, "batch_max_delay", 0.05))));
    MemorySource source = new MemorySource();
    for (int i = 1; i <= 3; i++) {
      source.add(i * S, new PacketBuilder().ipv4("10.0.0." + i, "10.9.9.9").tcp(40000, 80, PacketView.TCP_SYN));
    }
    try (Sentinel sentinel = Sentinel.builder()
        .settings(settings)
        .detector("syn", c -> (packet, alerts) -> alerts.alert("TEST_SYN", Severity.LOW).from(packet).emit())
        .sink("tls")
        .source(source)
        .build()) {
      assertThat(sentinel.metrics().gauges()).containsEntry("tls/spool_depth", 0L);
      sentinel.run();
      Sentinel.Metrics m = sentinel.metrics();
      assertThat(m.gauges()).containsEntry("tls/spool_depth", 3L);
      assertThat(m.gauges().get("tls/spool_bytes")).isPositive();
      assertThat(m.counters()).containsEntry("tls/sent", 0L);
    }
    // close() gave up on the unreachable server within close_timeout: its sender thread is gone, not retrying on.
    long deadline = System.nanoTime() + 2_000_000_000L;
    while (senderAlive() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(senderAlive()).as("a TLS sender thread outlives close()").isFalse();
  }

  private static boolean senderAlive() {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.isAlive() && t.getName().startsWith("netsentinel-tls-sender"));
  }
}
