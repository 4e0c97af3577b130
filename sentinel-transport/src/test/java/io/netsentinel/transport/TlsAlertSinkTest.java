package io.netsentinel.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netsentinel.api.Alert;
import io.netsentinel.api.AlertSink;
import io.netsentinel.api.Settings;
import io.netsentinel.api.SettingsException;
import io.netsentinel.api.Severity;
import io.netsentinel.pki.TlsPolicy;
import io.netsentinel.testkit.TestSinkContext;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import okhttp3.CipherSuite;
import okhttp3.TlsVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TLS sink against a real HTTPS server whose certificate comes from our PKI: no mock of TLS anywhere. */
class TlsAlertSinkTest {
  @TempDir Path dir;
  private Path certs;
  private final LogCapture log = new LogCapture("test.tls." + System.nanoTime());
  private TestServer server;

  @BeforeEach
  void pki() throws Exception {
    certs = Files.createDirectories(dir.resolve("certs"));
    TestServer.pki(certs, List.of("localhost", "127.0.0.1"));
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    log.close();
  }

  private Map<String, Object> settings(String url) {
    Map<String, Object> s = new HashMap<>();
    s.put("api_key", "k3y-under-test");
    s.put("ca_cert", certs.resolve("ca.crt").toString());
    s.put("data_dir", dir.resolve("data").toString());
    s.put("sinks", Map.of("tls", Map.of("url", url, "batch_max_delay", 0.05, "close_timeout", 3)));
    return s;
  }

  private AlertSink sink(Map<String, Object> values) {
    return new TlsAlertSinkProvider().create(TestSinkContext.forSink("tls", Settings.of(values)).logger(log.logger())
        .sensor(null, "sensor-1", "Linux").engineStats(Map.of("packets", 1234L, "alerts", 5L, "dropped", 0L)));
  }


  private static Alert alert(int i) {
    return new Alert("id-" + i, Instant.parse("2026-11-23T10:00:00Z").plusSeconds(i), Severity.HIGH, "PORT_SCAN",
        "port-scan", "scan " + i, "10.0.0." + (i % 250 + 1), null, "10.9.9.9", null, "TCP", null, null, "sensor-1",
        "Linux", Map.of());
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

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }

  @Test
  void alertsArriveInGzippedBatchesWithTheKeyAfterOneRegistration() throws Exception {
    server = new TestServer(certs, 0);
    try (AlertSink sink = sink(settings(server.url()))) {
      for (int i = 0; i < 450; i++) {
        sink.accept(alert(i));
      }
      sink.flush();
      await(() -> server.distinct.size() == 450, 15);
    }
    assertThat(server.received).hasSize(450);
    assertThat(server.batchSizes).allSatisfy(n -> assertThat(n).isBetween(1, 200));
    assertThat(server.batchSizes.size()).isGreaterThanOrEqualTo(3);
    assertThat(server.apiKeys).containsOnly("k3y-under-test");
    assertThat(server.encodings).containsOnly("gzip");
    assertThat(server.registrations.get()).isEqualTo(1);
    assertThat(Files.readString(dir.resolve("data/agent_id")).trim()).isEqualTo("agent-7");
  }

  @Test
  void aServerDownThenBackAndAnAgentRestartLoseNothingAndRepeatNothing() throws Exception {
    int port = freePort();
    Map<String, Object> values = settings("https://127.0.0.1:" + port);
    try (AlertSink sink = sink(values)) {
      for (int i = 0; i < 100; i++) {
        sink.accept(alert(i));
      }
      sink.flush();
      Thread.sleep(300);
    }
    // The agent restarts with its spool; only now does the server come up.
    server = new TestServer(certs, port);
    try (AlertSink sink = sink(values)) {
      for (int i = 100; i < 120; i++) {
        sink.accept(alert(i));
      }
      sink.flush();
      await(() -> server.distinct.size() == 120, 20);
    }
    assertThat(server.received).hasSize(120).doesNotHaveDuplicates();
    assertThat(log.messages()).anyMatch(m -> m.contains("wait to be sent from an earlier run"));
  }

  @Test
  void refusesAServerWhoseCertificateAnotherCaSigned() throws Exception {
    Path other = Files.createDirectories(dir.resolve("other"));
    TestServer.pki(other, List.of("localhost", "127.0.0.1"));
    server = new TestServer(other, 0);
    try (AlertSink sink = sink(settings(server.url()))) {
      sink.accept(alert(1));
      sink.flush();
      await(() -> log.messages().stream().anyMatch(m -> m.contains("failed")), 10);
    }
    assertThat(server.received).isEmpty();
    assertThat(log.messages()).anyMatch(m -> m.contains("SSLHandshakeException") || m.contains("PKIX"));
  }

  @Test
  void refusesAServerWhoseCertificateNamesAnotherHost() throws Exception {
    Path wrong = Files.createDirectories(dir.resolve("wrong"));
    Files.copy(certs.resolve("ca.crt"), wrong.resolve("ca.crt"));
    io.netsentinel.pki.CertificateAuthority ca = io.netsentinel.pki.CertificateAuthority.load(
        certs.resolve("ca.crt"), certs.resolve("ca.key"));
    ca.issueServerCertificate("elsewhere.example", List.of("elsewhere.example"))
        .write(wrong.resolve("server.crt"), wrong.resolve("server.key"));
    server = new TestServer(wrong, 0);
    try (AlertSink sink = sink(settings(server.url()))) {
      sink.accept(alert(1));
      sink.flush();
      await(() -> log.messages().stream().anyMatch(m -> m.contains("failed")), 10);
    }
    assertThat(server.received).isEmpty();
    assertThat(log.messages()).anyMatch(m -> m.contains("Hostname") || m.contains("hostname")
        || m.contains("verified"));
  }

  @Test
  void refusesAServerThatOffersOnlyTls11() throws Exception {
    server = new TestServer(certs, 0, false, "TLSv1.1");
    try (AlertSink sink = sink(settings(server.url()))) {
      sink.accept(alert(1));
      sink.flush();
      await(() -> log.messages().stream().anyMatch(m -> m.contains("failed")), 10);
    }
    assertThat(server.received).isEmpty();
    assertThat(log.messages()).anyMatch(m -> m.contains("handshake"));
  }

  @Test
  void acceptsAServerThatOffersOnlyTls12() throws Exception {
    server = new TestServer(certs, 0, false, "TLSv1.2");
    try (AlertSink sink = sink(settings(server.url()))) {
      sink.accept(alert(1));
      sink.flush();
      await(() -> server.distinct.size() == 1, 10);
    }
    assertThat(server.received).containsExactly("id-1");
  }

  @Test
  void speaksOnlyTls12AndTls13WithForwardSecrecyAndAeadCiphers() {
    assertThat(TlsClients.SPEC.tlsVersions()).extracting(Enum::name).containsExactlyInAnyOrder("TLS_1_3", "TLS_1_2");
    assertThat(TlsClients.SPEC.cipherSuites()).allSatisfy(c -> assertThat(c.javaName())
        .matches("TLS_(AES_\\d+_GCM_SHA\\d+|CHACHA20_POLY1305_SHA256|ECDHE_(ECDSA|RSA)_WITH_(AES_\\d+_GCM_SHA\\d+"
            + "|CHACHA20_POLY1305_SHA256))"));
  }

  @Test
  void allowsExactlyTheVersionsAndSuitesOfTheServersTlsPolicy() {
    // docs/security.md promises one list for both ends; the agent keeps its own copy because it does not ship pki.
    assertThat(TlsClients.SPEC.tlsVersions()).extracting(TlsVersion::javaName)
        .containsExactlyElementsOf(TlsPolicy.protocols());
    assertThat(TlsClients.SPEC.cipherSuites()).extracting(CipherSuite::javaName)
        .containsExactlyInAnyOrderElementsOf(TlsPolicy.cipherSuites());
  }

  @Test
  void obeysRetryAfterOnTooManyRequests() throws Exception {
    server = new TestServer(certs, 0);
    server.batchAnswer = n -> n == 0
        ? new mockwebserver3.MockResponse.Builder().code(429).addHeader("Retry-After", "1")
            .body("{\"error\":{\"code\":\"rate_limited\",\"message\":\"slow down\"}}").build()
        : null;
    try (AlertSink sink = sink(settings(server.url()))) {
      sink.accept(alert(1));
      sink.flush();
      await(() -> server.distinct.size() == 1, 10);
    }
    long gap = server.batchTimes.get(1) - server.batchTimes.get(0);
    assertThat(gap).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(950));
  }

  @Test
  void aRejectedBatchIsSetAsideAndTheRestKeepsFlowing() throws Exception {
    server = new TestServer(certs, 0);
    server.batchAnswer = n -> n == 0
        ? TestServer.json(400, "{\"error\":{\"code\":\"bad_field\",\"message\":\"severity: not allowed\"}}")
        : null;
    try (AlertSink sink = sink(settings(server.url()))) {
      sink.accept(alert(1));
      sink.flush();
      await(() -> Files.exists(dir.resolve("data/spool/rejected")), 10);
      sink.accept(alert(2));
      sink.flush();
      await(() -> server.distinct.contains("id-2"), 10);
    }
    try (Stream<Path> files = Files.list(dir.resolve("data/spool/rejected"))) {
      assertThat(files.toList()).singleElement()
          .satisfies(f -> assertThat(Files.readString(f)).contains("\"id\":\"id-1\""));
    }
    assertThat(server.distinct).containsExactly("id-2");
    assertThat(log.messages()).anyMatch(m -> m.contains("rejected") && m.contains("severity: not allowed"));
  }

  @Test
  void sendsHeartbeatsWithTheEngineAndSpoolCounters() throws Exception {
    server = new TestServer(certs, 0);
    Map<String, Object> values = settings(server.url());
    values.put("sinks", Map.of("tls", Map.of("url", server.url(), "heartbeat_interval", 0.2,
        "batch_max_delay", 0.05)));
    try (AlertSink sink = sink(values)) {
      sink.accept(alert(1));
      sink.flush();
      await(() -> server.heartbeats.get() >= 2, 10);
      // A heartbeat after the server acknowledged the alert counts it.
      await(() -> server.heartbeatBodies.stream().anyMatch(b -> b.contains("\"alerts_sent\":1")), 10);
    }
    assertThat(server.heartbeatBodies.get(0)).contains("\"packets\":1234").contains("\"spool_depth\":")
        .contains("\"alerts_sent\":");
    assertThat(server.registrations.get()).isEqualTo(1);
  }

  @Test
  void presentsItsClientCertificateToAServerThatRequiresOne() throws Exception {
    io.netsentinel.pki.CertificateAuthority ca = io.netsentinel.pki.CertificateAuthority.load(
        certs.resolve("ca.crt"), certs.resolve("ca.key"));
    ca.issueClientCertificate("agent-7").write(certs.resolve("agent.crt"), certs.resolve("agent.key"));
    server = new TestServer(certs, 0, true);
    Map<String, Object> values = settings(server.url());
    values.put("client_cert", certs.resolve("agent.crt").toString());
    values.put("client_key", certs.resolve("agent.key").toString());
    try (AlertSink sink = sink(values)) {
      sink.accept(alert(1));
      sink.flush();
      await(() -> server.distinct.size() == 1, 10);
    }
    assertThat(server.received).containsExactly("id-1");
  }

  @Test
  void withoutAClientCertificateAServerThatRequiresOneGetsNothing() throws Exception {
    server = new TestServer(certs, 0, true);
    try (AlertSink sink = sink(settings(server.url()))) {
      sink.accept(alert(1));
      sink.flush();
      await(() -> log.messages().stream().anyMatch(m -> m.contains("failed")), 10);
    }
    assertThat(server.received).isEmpty();
  }

  @Test
  void withoutTheCaCertItRefusesToSendWithAClearError() {
    Map<String, Object> values = settings("https://127.0.0.1:1");
    values.put("ca_cert", dir.resolve("missing/ca.crt").toString());
    assertThatThrownBy(() -> sink(values)).isInstanceOf(SettingsException.class)
        .hasMessageContaining("ca_cert").hasMessageContaining("not found").hasMessageContaining("--insecure");
  }

  @Test
  void insecureSkipsVerificationButSaysSoLoudly() throws Exception {
    Path other = Files.createDirectories(dir.resolve("other"));
    TestServer.pki(other, List.of("elsewhere.example"));
    server = new TestServer(other, 0);
    Map<String, Object> values = settings(server.url());
    values.put("sinks", Map.of("tls", Map.of("url", server.url(), "insecure", true, "batch_max_delay", 0.05)));
    try (AlertSink sink = sink(values)) {
      sink.accept(alert(1));
      sink.flush();
      await(() -> server.distinct.size() == 1, 10);
    }
    assertThat(log.messages()).anyMatch(m -> m.contains("--insecure") && m.contains("NOT verified"));
  }

  @Test
  void theApiKeyNeverAppearsInTheLog() throws Exception {
    server = new TestServer(certs, 0);
    server.batchAnswer = n -> n < 2 ? TestServer.json(503, "{\"error\":{\"code\":\"down\",\"message\":\"x\"}}") : null;
    try (AlertSink sink = sink(settings(server.url()))) {
      sink.accept(alert(1));
      sink.flush();
      await(() -> server.distinct.size() == 1, 15);
    }
    assertThat(log.messages()).isNotEmpty().noneMatch(m -> m.contains("k3y-under-test"));
  }
}
