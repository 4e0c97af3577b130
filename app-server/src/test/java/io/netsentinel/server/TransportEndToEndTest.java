package io.netsentinel.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsentinel.api.Alert;
import io.netsentinel.api.AlertSink;
import io.netsentinel.api.AlertSinkProvider;
import io.netsentinel.api.Settings;
import io.netsentinel.api.Severity;
import io.netsentinel.store.AgentRecord;
import io.netsentinel.store.AlertQuery;
import io.netsentinel.store.AlertStores;
import io.netsentinel.store.StoredAlert;
import io.netsentinel.testkit.TestSinkContext;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The agent's real transport (sink "tls" found through ServiceLoader, as the agent finds it) delivering alerts to this
 * server, which stores them in the real embedded store of sentinel-store.
 */
class TransportEndToEndTest {
  @TempDir Path tmp;

  @Test
  void theAgentsTlsSinkRegistersDeliversEveryAlertOnceAndSendsHeartbeats() throws Exception {
    try (TestServer s = TestServer.start(tmp.resolve("server"), ServerLimits.defaults(),
        AlertStores.openEmbedded(tmp.resolve("server-data")))) {
      AlertSinkProvider tls = ServiceLoader.load(AlertSinkProvider.class).stream().map(ServiceLoader.Provider::get)
          .filter(p -> p.id().equals("tls")).findFirst().orElseThrow();
      Map<String, Object> values = new HashMap<>();
      values.put("api_key", TestServer.API_KEY);
      values.put("ca_cert", s.dir.resolve("certs/ca.crt").toString());
      values.put("data_dir", tmp.resolve("agent").toString());
      values.put("sinks", Map.of("tls", Map.of("url", "https://localhost:" + s.port, "batch_max_alerts", 10,
          "batch_max_delay", 0.05, "heartbeat_interval", 0.2, "close_timeout", 5)));
      AlertSink sink = tls.create(TestSinkContext.forSink("tls", Settings.of(values))
          .logger(LoggerFactory.getLogger("agent-sink")).sensor(null, "sensor-e2e", "Linux")
          .engineStats(Map.of("packets", 4242L)));
      try {
        for (int i = 0; i < 35; i++) {
          sink.accept(new Alert("e2e-" + i, Instant.parse("2026-06-01T11:59:00Z").plusMillis(i), Severity.MEDIUM,
              "SUSPICIOUS_PORT", "suspicious-port", "traffic to 4444 #" + i, "10.0.0.7", 50000 + i, "203.0.113.9",
              4444, "TCP", null, null, "sensor-e2e", "Linux", Map.of("port", "4444")));
        }
        sink.flush();
        await(() -> s.store.stats(s.clock.instant()).total() == 35, 20);
        await(() -> s.store.agents().stream().anyMatch(a -> a.lastStats().containsKey("alerts_sent")), 20);
      } finally {
        sink.close();
      }
      List<AgentRecord> agents = s.store.agents();
      assertThat(agents).singleElement().satisfies(a -> {
        assertThat(a.hostname()).isEqualTo("sensor-e2e");
        assertThat(a.lastStats()).containsEntry("packets", 4242L);
      });
      List<StoredAlert> stored = new java.util.ArrayList<>();
      s.store.forEach(AlertQuery.all(1000), stored::add);
      assertThat(stored).hasSize(35).allSatisfy(a -> {
        assertThat(a.agentId()).isEqualTo(agents.get(0).id());
        assertThat(a.alert().destPort()).isEqualTo(4444);
      });
      assertThat(stored).extracting(a -> a.alert().id()).doesNotHaveDuplicates();
    }
  }

  private static void await(BooleanSupplier condition, long seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + seconds + " s");
      }
      Thread.sleep(20);
    }
  }
}
