package io.netsentinel.examples.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.netsentinel.api.Alert;
import io.netsentinel.api.PacketView;
import io.netsentinel.api.Settings;
import io.netsentinel.api.SettingsException;
import io.netsentinel.api.Severity;
import io.netsentinel.engine.PipelineStats;
import io.netsentinel.engine.Sentinel;
import io.netsentinel.testkit.MemorySource;
import io.netsentinel.testkit.PacketBuilder;
import io.netsentinel.testkit.TestSinkContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebhookAlertSinkTest {
  private static final Instant T0 = Instant.parse("2024-05-01T12:00:00.123456Z");

  private final RecordingServer server;
  /** The sink's clock for its pause after a failed delivery; tests move it by hand. */
  private final AtomicLong clock = new AtomicLong(1_000_000_000L);
  private final CapturedLog log = new CapturedLog();
  private final List<AutoCloseable> toClose = new ArrayList<>();

  WebhookAlertSinkTest() throws IOException {
    server = new RecordingServer();
  }

  @AfterEach
  void closeEverything() throws Exception {
    for (AutoCloseable c : toClose) {
      c.close();
    }
    server.close();
  }

  private static Alert alert(int i) {
    return new Alert("alert-" + i, T0.plusSeconds(i), Severity.HIGH, "PORT_SCAN", "port-scan", "scan number " + i,
        "10.0.0." + i, 40000 + i, "192.0.2.1", 443, "TCP", null, "agent-1", "sensor", "Linux",
        Map.of("distinct_ports", Integer.toString(15 + i)));
  }

  private static List<Alert> alerts(int from, int to) {
    List<Alert> out = new ArrayList<>();
    for (int i = from; i <= to; i++) {
      out.add(alert(i));
    }
    return out;
  }

  private TestSinkContext context(String url, Object... keyValues) {
    Map<String, Object> section = new HashMap<>();
    section.put("url", url);
    section.put("timeout", 2);
    section.put("retry_backoff", 0.01);
    for (int i = 0; i < keyValues.length; i += 2) {
      section.put((String) keyValues[i], keyValues[i + 1]);
    }
    return TestSinkContext.forSink(WebhookSinkProvider.ID,
        Settings.of(Map.of("sinks", Map.of(WebhookSinkProvider.ID, section)))).logger(log.logger());
  }

  private WebhookAlertSink sink(TestSinkContext context) {
    WebhookConfig config = WebhookConfig.from(context.settings());
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofNanos(config.timeoutNanos())).build();
    WebhookAlertSink sink = new WebhookAlertSink(config, context, client, clock::get);
    toClose.add(sink);
    return sink;
  }

  private List<Alert> received() {
    List<Alert> out = new ArrayList<>();
    server.requests().forEach(r -> out.addAll(WebhookBodies.parse(r.body()).alerts()));
    return out;
  }

  /** A local port with nothing listening: connections are refused at once. */
  private static String deadUrl() throws IOException {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return "http://127.0.0.1:" + probe.getLocalPort() + "/hook/s3cr3t-token";
    }
  }

  @Test
  void postsFullBatchesAtOnceAndTheRestOnFlushAsAlertJson() {
    TestSinkContext context = context(server.url(), "batch_size", 3);
    WebhookAlertSink sink = sink(context);

    alerts(1, 7).forEach(sink::accept);
    assertThat(server.requests()).as("two full batches, before any flush").hasSize(2);
    sink.flush();

    assertThat(server.requests()).hasSize(3).allSatisfy(r -> {
      assertThat(r.method()).isEqualTo("POST");
      assertThat(r.contentType()).isEqualTo("application/json");
    });
    assertThat(server.requests()).extracting(r -> WebhookBodies.parse(r.body()).count()).containsExactly(3L, 3L, 1L);
    assertThat(received()).containsExactlyElementsOf(alerts(1, 7));
    assertThat(context.count("sent")).isEqualTo(7);
    assertThat(context.count("batches")).isEqualTo(3);
    assertThat(context.count("retries")).isZero();
    assertThat(sink.queued()).isZero();
  }

  @Test
  void closeDeliversWhatIsStillQueued() {
    WebhookAlertSink sink = sink(context(server.url(), "batch_size", 10));
    sink.accept(alert(1));
    sink.accept(alert(2));
    assertThat(server.requests()).isEmpty();

    sink.close();
    sink.close();

    assertThat(server.requests()).hasSize(1);
    assertThat(received()).containsExactly(alert(1), alert(2));
  }

  @Test
  void keepsTheAlertsAndWarnsOnceWithoutAStackTraceOrTheSecretPathWhenTheEndpointIsDown() throws IOException {
    String url = deadUrl();
    TestSinkContext context = context(url, "batch_size", 2, "max_attempts", 3);
    WebhookAlertSink sink = sink(context);

    alerts(1, 5).forEach(sink::accept);
    sink.flush();

    assertThat(sink.queued()).isEqualTo(5);
    assertThat(context.count("failures")).as("one delivery gave up; the rest waited for the pause").isEqualTo(1);
    assertThat(context.count("retries")).isEqualTo(2);
    assertThat(context.count("sent")).isZero();
    assertThat(log.events()).singleElement().satisfies(e -> {
      assertThat(e.getLevel()).isEqualTo(Level.WARN);
      assertThat(e.getThrowableProxy()).isNull();
      assertThat(e.getFormattedMessage())
          .startsWith("webhook " + url.substring(0, url.indexOf("/hook")) + ": delivery failed after 3 attempts (")
          .endsWith("); 2 alerts kept for retry")
          .doesNotContain("s3cr3t");
    });

    sink.close();
    assertThat(context.count("undelivered")).isEqualTo(5);
    assertThat(log.events()).last().satisfies(e -> {
      assertThat(e.getFormattedMessage()).endsWith(": 5 alerts not delivered at close");
      assertThat(e.getThrowableProxy()).isNull();
    });
  }

  @Test
  void retriesAServerErrorWithBackoffAndDeliversWhenItAnswers() throws Exception {
    TestSinkContext context = context(server.url(), "batch_size", 5, "max_attempts", 4, "retry_backoff", 0.05);
    WebhookAlertSink sink = sink(context);
    server.answer(503);
    Thread recover = new Thread(() -> {
      // Bounded: the server recovers once two attempts have arrived, or after two seconds.
      long deadline = System.nanoTime() + 2_000_000_000L;
      try {
        while (server.requests().size() < 2 && System.nanoTime() < deadline) {
          Thread.sleep(5);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      server.answer(200);
    });
    recover.start();

    alerts(1, 5).forEach(sink::accept);
    recover.join(5_000);

    assertThat(server.requests().size()).isBetween(3, 4);
    assertThat(context.count("retries")).isEqualTo(server.requests().size() - 1);
    assertThat(context.count("sent")).isEqualTo(5);
    assertThat(context.count("failures")).isZero();
    assertThat(WebhookBodies.parse(server.requests().get(server.requests().size() - 1).body()).alerts())
        .containsExactlyElementsOf(alerts(1, 5));
  }

  @Test
  void pausesAfterAFailedDeliveryAndDeliversEverythingInOrderOnceTheEndpointIsBack() {
    TestSinkContext context = context(server.url(), "batch_size", 2, "max_attempts", 2);
    WebhookAlertSink sink = sink(context);
    server.answer(503);
    alerts(1, 4).forEach(sink::accept);
    int attemptsWhileDown = server.requests().size();
    assertThat(attemptsWhileDown).as("one delivery of two attempts, then the pause").isEqualTo(2);

    sink.flush();
    assertThat(server.requests()).as("paused: no request").hasSize(attemptsWhileDown);

    server.answer(200);
    clock.addAndGet(Duration.ofMinutes(1).toNanos());
    sink.flush();

    // Each failed attempt carried the first batch of two; after them come the deliveries that worked.
    assertThat(received().subList(attemptsWhileDown * 2, received().size())).containsExactlyElementsOf(alerts(1, 4));
    assertThat(context.count("sent")).isEqualTo(4);
    assertThat(log.events()).extracting(ILoggingEvent::getLevel).containsExactly(Level.WARN, Level.INFO);
    assertThat(log.events().get(1).getFormattedMessage()).endsWith(": delivering again after 1 failed deliveries");
  }

  @Test
  void dropsTheOldestAlertsWhenTheQueueIsFull() {
    TestSinkContext context = context(server.url(), "batch_size", 2, "queue_capacity", 3, "max_attempts", 1);
    WebhookAlertSink sink = sink(context);
    server.answer(503);

    alerts(1, 6).forEach(sink::accept);
    assertThat(sink.queued()).isEqualTo(3);
    assertThat(context.count("dropped")).isEqualTo(3);

    server.answer(200);
    clock.addAndGet(Duration.ofMinutes(1).toNanos());
    int before = server.requests().size();
    sink.flush();

    List<Alert> delivered = new ArrayList<>();
    server.requests().subList(before, server.requests().size())
        .forEach(r -> delivered.addAll(WebhookBodies.parse(r.body()).alerts()));
    assertThat(delivered).containsExactlyElementsOf(alerts(4, 6));
  }

  @Test
  void doesNotRetryABatchTheEndpointRefuses() {
    TestSinkContext context = context(server.url(), "batch_size", 2, "max_attempts", 4);
    WebhookAlertSink sink = sink(context);
    server.answer(400);

    sink.accept(alert(1));
    sink.accept(alert(2));

    assertThat(server.requests()).hasSize(1);
    assertThat(context.count("rejected")).isEqualTo(2);
    assertThat(context.count("retries")).isZero();
    assertThat(sink.queued()).isZero();
    assertThat(log.events()).singleElement().satisfies(e -> assertThat(e.getFormattedMessage())
        .endsWith(": the endpoint refused 2 alerts (HTTP 400); they are not retried"));
  }

  @Test
  void givesUpOnARequestThatGetsNoAnswerWithinTheTimeout() {
    TestSinkContext context = context(server.url(), "batch_size", 1, "max_attempts", 1, "timeout", 0.3);
    WebhookAlertSink sink = sink(context);
    server.stall();

    long started = System.nanoTime();
    sink.accept(alert(1));
    long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

    assertThat(elapsedMillis).isBetween(300L, 3_000L);
    assertThat(context.count("failures")).isEqualTo(1);
    assertThat(sink.queued()).isEqualTo(1);
    assertThat(log.events()).singleElement().satisfies(e -> assertThat(e.getFormattedMessage())
        .contains("(no answer within 300 ms)"));
  }

  @Test
  void rejectsBadSettingsNamingTheKey() {
    assertThatThrownBy(() -> WebhookConfig.from(TestSinkContext.forSink(WebhookSinkProvider.ID, Settings.empty()).settings()))
        .isInstanceOf(SettingsException.class)
        .hasMessage("sinks.webhook.url is required: the http:// or https:// address to post alerts to");
    assertThatThrownBy(() -> WebhookConfig.from(context("ftp://example.com/x").settings()))
        .hasMessage("sinks.webhook.url: expected an http:// or https:// URL with a host, got \"ftp://example.com/x\"");
    assertThatThrownBy(() -> WebhookConfig.from(context("http://exa mple.com").settings()))
        .hasMessageStartingWith("sinks.webhook.url: expected an http:// or https:// URL, got \"http://exa mple.com\"");
    assertThatThrownBy(() -> WebhookConfig.from(context("https:///path").settings()))
        .hasMessageContaining("sinks.webhook.url: expected an http:// or https:// URL with a host");
    assertThatThrownBy(() -> WebhookConfig.from(context(server.url(), "max_attempts", 11).settings()))
        .hasMessage("sinks.webhook.max_attempts: expected 1-10, got 11");
    assertThatThrownBy(() -> WebhookConfig.from(context(server.url(), "batch_size", 50, "queue_capacity", 10)
        .settings())).hasMessage("sinks.webhook.queue_capacity: expected at least batch_size (50) alerts, got 10");
    assertThatThrownBy(() -> WebhookConfig.from(context(server.url(), "timeout", 0).settings()))
        .hasMessageStartingWith("sinks.webhook.timeout: expected more than 0 and at most 60 seconds");
    assertThatThrownBy(() -> WebhookConfig.from(context(server.url(), "batch_size", "ten").settings()))
        .hasMessageContaining("sinks.webhook.batch_size: expected a positive integer, got \"ten\"");
  }

  @Test
  void runsInTheEngineAsAnInstalledSinkAndReportsItsCounters() throws IOException {
    int packets = 5;
    MemorySource source = new MemorySource();
    for (int i = 0; i < packets; i++) {
      source.add(1_700_000_000_000_000_000L + i * 1_000_000L,
          new PacketBuilder().ipv4("10.0.0." + (i + 1), "192.0.2.1").tcp(40000, 443, PacketView.TCP_SYN));
    }
    Settings settings = Settings.of(Map.of("alert_cooldown", 0,
        "sinks", Map.of("webhook", Map.of("url", server.url(), "batch_size", 2))));

    PipelineStats stats;
    try (Sentinel sentinel = Sentinel.builder().settings(settings).source(source).detectors()
        .detector("every-syn", ctx -> (p, emitter) -> emitter.alert("TEST_SYN", Severity.LOW).from(p)
            .message("SYN from " + p.srcAddressText()).emit())
        .sink("webhook") // found through META-INF/services, created with its sinks.webhook section
        .build()) {
      stats = sentinel.run();
    }

    assertThat(received()).hasSize(packets).extracting(Alert::srcIp)
        .containsExactly("10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5");
    assertThat(received()).allSatisfy(a -> assertThat(a.detector()).isEqualTo("every-syn"));
    assertThat(stats.counters()).containsEntry("webhook/sent", (long) packets)
        .containsEntry("webhook/failures", 0L);
  }
}
