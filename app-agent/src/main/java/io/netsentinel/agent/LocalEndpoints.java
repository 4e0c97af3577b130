package io.netsentinel.agent;

import io.netsentinel.api.SourceStats;
import io.netsentinel.engine.Sentinel;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The live agent's local endpoints on 127.0.0.1, served by Vert.x: {@code GET /healthz} (JSON) and {@code GET
 * /metrics} (Prometheus text exposition format 0.0.4): packets, capture drops, alerts by category, alerts dropped,
 * the spool, the VirusTotal quota, and every plugin counter and gauge.
 */
final class LocalEndpoints implements AutoCloseable {
  private static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";

  private final HttpServer server;
  private final Supplier<Sentinel.Progress> progress;
  private final Supplier<Sentinel.Metrics> metrics;
  private final Supplier<Map<String, Long>> alertsByCategory;

  private LocalEndpoints(
      HttpServer server, Supplier<Sentinel.Progress> progress, Supplier<Sentinel.Metrics> metrics,
      Supplier<Map<String, Long>> alertsByCategory) {
    this.server = server;
    this.progress = progress;
    this.metrics = metrics;
    this.alertsByCategory = alertsByCategory;
  }

  /** Binds 127.0.0.1:{@code port} (0: any free port) and starts serving; fails when the port is taken. */
  static LocalEndpoints start(Vertx vertx, int port, Supplier<Sentinel.Progress> progress,
      Supplier<Sentinel.Metrics> metrics, Supplier<Map<String, Long>> alertsByCategory) throws IOException {
    HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port));
    LocalEndpoints endpoints = new LocalEndpoints(server, progress, metrics, alertsByCategory);
    server.requestHandler(endpoints::handle);
    try {
      server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new IOException(e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IOException("binding took more than 10 s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while binding", e);
    }
    return endpoints;
  }

  int port() {
    return server.actualPort();
  }

  private void handle(HttpServerRequest req) {
    String path = req.path();
    boolean known = path.equals("/healthz") || path.equals("/metrics");
    if (!known) {
      req.response().setStatusCode(404).end();
      return;
    }
    if (req.method() != HttpMethod.GET && req.method() != HttpMethod.HEAD) {
      req.response().setStatusCode(405).putHeader("Allow", "GET, HEAD").end();
      return;
    }
    String body = path.equals("/healthz") ? health() : metrics();
    req.response()
        .putHeader("Content-Type", path.equals("/healthz") ? "application/json" : PROMETHEUS)
        .putHeader("Cache-Control", "no-store");
    if (req.method() == HttpMethod.HEAD) {
      req.response().end();
    } else {
      req.response().end(body);
    }
  }

  /** Packets seen so far: the engine's count, or the capture's when that is ahead (the engine updates in steps). */
  private static long packets(Sentinel.Progress p) {
    SourceStats s = p.source();
    return Math.max(p.packets(), s == null ? 0 : s.received());
  }

  private String health() {
    return "{\"status\":\"ok\",\"packets\":" + packets(progress.get()) + "}";
  }

  String metrics() {
    Sentinel.Progress p = progress.get();
    Sentinel.Metrics m = metrics.get();
    SourceStats s = p.source();
    StringBuilder b = new StringBuilder();
    metric(b, "netsentinel_packets_total", "counter", "Packets captured so far.", packets(p));
    metric(b, "netsentinel_kernel_dropped_total", "counter",
        "Packets the kernel dropped because the capture buffer was full.", s == null ? 0 : Math.max(0, s.dropped()));
    metric(b, "netsentinel_interface_dropped_total", "counter",
        "Packets the interface or its driver dropped.", s == null ? 0 : Math.max(0, s.interfaceDropped()));
    header(b, "netsentinel_alerts_total", "counter", "Alerts reported (after the cooldown), by category.");
    for (Map.Entry<String, Long> e : alertsByCategory.get().entrySet()) {
      b.append("netsentinel_alerts_total{category=\"").append(escape(e.getKey())).append("\"} ")
          .append(e.getValue()).append('\n');
    }
    metric(b, "netsentinel_alerts_dropped_total", "counter",
        "Alerts dropped because the sinks fell behind the capture.", m.alertsDropped());
    Long spool = m.gauges().get("tls/spool_depth");
    if (spool != null) {
      metric(b, "netsentinel_spool_depth", "gauge", "Alerts in the disk spool, not yet acknowledged by the server.",
          spool);
      metric(b, "netsentinel_spool_bytes", "gauge", "Size of the disk spool.", m.gauges().getOrDefault("tls/spool_bytes", 0L));
      metric(b, "netsentinel_spool_dropped_total", "counter", "Alerts lost because the spool reached spool_max_bytes.",
          m.counters().getOrDefault("tls/spool_dropped", 0L));
      metric(b, "netsentinel_alerts_sent_total", "counter", "Alerts the server acknowledged.",
          m.counters().getOrDefault("tls/sent", 0L));
    }
    boolean quotaHeader = false;
    for (Map.Entry<String, Long> e : m.gauges().entrySet()) {
      if (e.getKey().endsWith("/quota_used_today")) {
        if (!quotaHeader) {
          header(b, "netsentinel_virustotal_quota_used", "gauge",
              "VirusTotal requests made today (UTC), by detector; the ledger is shared, so both show the same day.");
          quotaHeader = true;
        }
        b.append("netsentinel_virustotal_quota_used{detector=\"")
            .append(escape(e.getKey().substring(0, e.getKey().indexOf('/')))).append("\"} ").append(e.getValue())
            .append('\n');
      }
    }
    header(b, "netsentinel_plugin_counter_total", "counter", "Every plugin counter, by plugin id and name.");
    labelled(b, "netsentinel_plugin_counter_total", m.counters());
    header(b, "netsentinel_plugin_gauge", "gauge", "Every plugin gauge, by plugin id and name (-1: unreadable).");
    labelled(b, "netsentinel_plugin_gauge", m.gauges());
    return b.toString();
  }

  private static void labelled(StringBuilder b, String name, Map<String, Long> values) {
    for (Map.Entry<String, Long> e : values.entrySet()) {
      int slash = e.getKey().indexOf('/');
      b.append(name).append("{plugin=\"").append(escape(e.getKey().substring(0, Math.max(0, slash))))
          .append("\",name=\"").append(escape(e.getKey().substring(slash + 1))).append("\"} ").append(e.getValue())
          .append('\n');
    }
  }

  private static void header(StringBuilder b, String name, String type, String help) {
    b.append("# HELP ").append(name).append(' ').append(help).append('\n');
    b.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private static void metric(StringBuilder b, String name, String type, String help, long value) {
    header(b, name, type, help);
    b.append(name).append(' ').append(value).append('\n');
  }

  /** Label value escaping of the text format: backslash, double quote and newline. */
  static String escape(String value) {
    return String.valueOf(value).replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  @Override
  public void close() {
    try {
      server.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      // The process is stopping; the port goes with it.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
