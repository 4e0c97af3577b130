package io.netsentinel.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsentinel.api.SourceStats;
import io.netsentinel.engine.Sentinel;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** /healthz and /metrics served by Vert.x on loopback, from the engine's progress and the plugins' metrics. */
class LocalEndpointsTest {
  private Vertx vertx;
  private LocalEndpoints endpoints;
  private final Summary alerts = new Summary();
  private final AtomicReference<Sentinel.Metrics> metrics = new AtomicReference<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    metrics.set(new Sentinel.Metrics(
        Map.of("tls/sent", 5L, "tls/spool_dropped", 1L, "vt-ip/lookups", 3L),
        Map.of("tls/spool_depth", 12L, "tls/spool_bytes", 3456L, "vt-ip/quota_used_today", 7L,
            "vt-domain/quota_used_today", 7L, "odd\"id/x", -1L),
        2L));
    endpoints = LocalEndpoints.start(vertx, 0, () -> new Sentinel.Progress(100, new SourceStats(150, 4, 1, -1, -1)),
        metrics::get, alerts::alertsByCategory);
  }

  @AfterEach
  void stop() throws Exception {
    endpoints.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private HttpResponse<String> get(String path, String method) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoints.port() + path))
        .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void metricsCarryCaptureDropsTheSpoolTheQuotaAndEveryPluginSeries() throws Exception {
    alerts.accept(EventLogSinkTest.alert(io.netsentinel.api.Severity.MEDIUM, "scan"));
    alerts.accept(EventLogSinkTest.alert(io.netsentinel.api.Severity.MEDIUM, "scan"));
    HttpResponse<String> r = get("/metrics", "GET");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
    assertThat(r.body().lines()).contains(
        "netsentinel_packets_total 150", // the capture is ahead of the engine's stepwise count
        "netsentinel_kernel_dropped_total 4",
        "netsentinel_interface_dropped_total 1",
        "netsentinel_alerts_total{category=\"PORT_SCAN\"} 2",
        "netsentinel_alerts_dropped_total 2",
        "netsentinel_spool_depth 12",
        "netsentinel_spool_bytes 3456",
        "netsentinel_spool_dropped_total 1",
        "netsentinel_alerts_sent_total 5",
        "netsentinel_virustotal_quota_used{detector=\"vt-ip\"} 7",
        "netsentinel_virustotal_quota_used{detector=\"vt-domain\"} 7",
        "netsentinel_plugin_counter_total{plugin=\"vt-ip\",name=\"lookups\"} 3",
        "netsentinel_plugin_gauge{plugin=\"tls\",name=\"spool_depth\"} 12",
        "netsentinel_plugin_gauge{plugin=\"odd\\\"id\",name=\"x\"} -1");
    // Each family is declared once, before its samples.
    assertThat(r.body().lines().filter(l -> l.startsWith("# TYPE netsentinel_virustotal_quota_used "))).hasSize(1);
  }

  @Test
  void withoutATlsSinkThereAreNoSpoolSeries() throws Exception {
    metrics.set(new Sentinel.Metrics(Map.of(), Map.of(), 0));
    String body = get("/metrics", "GET").body();
    assertThat(body).doesNotContain("netsentinel_spool_depth").doesNotContain("netsentinel_virustotal_quota_used")
        .contains("netsentinel_alerts_dropped_total 0");
  }

  @Test
  void healthAnswersJsonAndOtherPathsAndMethodsAreRefused() throws Exception {
    HttpResponse<String> health = get("/healthz", "GET");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).isEqualTo("{\"status\":\"ok\",\"packets\":150}");
    assertThat(get("/healthz", "HEAD").body()).isEmpty();
    assertThat(get("/nope", "GET").statusCode()).isEqualTo(404);
    HttpResponse<String> post = get("/metrics", "POST");
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
  }

  @Test
  void aTakenPortIsAClearErrorNotACrash() throws Exception {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> LocalEndpoints.start(vertx, endpoints.port(),
            () -> new Sentinel.Progress(0, null), metrics::get, alerts::alertsByCategory))
        .isInstanceOf(java.io.IOException.class);
  }
}
