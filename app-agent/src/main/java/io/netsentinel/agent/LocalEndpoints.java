package io.netsentinel.agent;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.netsentinel.api.Alert;
import io.netsentinel.api.AlertSink;
import io.netsentinel.api.SourceStats;
import io.netsentinel.engine.Sentinel;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The live agent's local endpoints on 127.0.0.1: {@code GET /healthz} (JSON) and {@code GET /metrics} (Prometheus
 * text exposition format 0.0.4). Dependency-free: the JDK's HTTP server.
 */
final class LocalEndpoints implements AutoCloseable {

  /** Counts alerts by category as they pass the cooldown; a sink of the live run. */
  static final class AlertCounter implements AlertSink {
    private final Map<String, Long> byCategory = new TreeMap<>();

    @Override
    public synchronized void accept(Alert alert) {
      byCategory.merge(alert.category(), 1L, Long::sum);
    }

    synchronized Map<String, Long> snapshot() {
      return new TreeMap<>(byCategory);
    }
  }

  private final HttpServer server;
  private final Supplier<Sentinel.Progress> progress;
  private final AlertCounter alerts;

  private LocalEndpoints(HttpServer server, Supplier<Sentinel.Progress> progress, AlertCounter alerts) {
    this.server = server;
    this.progress = progress;
    this.alerts = alerts;
  }

  /** Binds 127.0.0.1:{@code port} and starts serving. */
  static LocalEndpoints start(int port, Supplier<Sentinel.Progress> progress, AlertCounter alerts)
      throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
    LocalEndpoints endpoints = new LocalEndpoints(server, progress, alerts);
    server.createContext("/healthz", ex -> endpoints.serve(ex, "application/json", endpoints.health()));
    server.createContext("/metrics",
        ex -> endpoints.serve(ex, "text/plain; version=0.0.4; charset=utf-8", endpoints.metrics()));
    server.setExecutor(Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "netsentinel-http");
      t.setDaemon(true);
      return t;
    }));
    server.start();
    return endpoints;
  }

  int port() {
    return server.getAddress().getPort();
  }

  private void serve(HttpExchange ex, String type, Supplier<String> body) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      if (!"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod())) {
        ex.getResponseHeaders().set("Allow", "GET, HEAD");
        ex.sendResponseHeaders(405, -1);
        return;
      }
      if (!path.equals(ex.getHttpContext().getPath())) {
        ex.sendResponseHeaders(404, -1);
        return;
      }
      byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", type);
      if ("HEAD".equals(ex.getRequestMethod())) {
        ex.sendResponseHeaders(200, -1);
        return;
      }
      ex.sendResponseHeaders(200, bytes.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /** Packets seen so far: the engine's count, or the capture's when that is ahead (the engine updates in steps). */
  private long packets(Sentinel.Progress p) {
    SourceStats s = p.source();
    return Math.max(p.packets(), s == null ? 0 : s.received());
  }

  private Supplier<String> health() {
    return () -> "{\"status\":\"ok\",\"packets\":" + packets(progress.get()) + "}";
  }

  private Supplier<String> metrics() {
    return () -> {
      Sentinel.Progress p = progress.get();
      SourceStats s = p.source();
      StringBuilder b = new StringBuilder();
      metric(b, "netsentinel_packets_total", "counter", "Packets captured so far.", packets(p));
      metric(b, "netsentinel_kernel_dropped_total", "counter",
          "Packets the kernel dropped because the capture buffer was full.", s == null ? 0 : s.dropped());
      metric(b, "netsentinel_interface_dropped_total", "counter",
          "Packets the interface or its driver dropped.", s == null ? 0 : s.interfaceDropped());
      b.append("# HELP netsentinel_alerts_total Alerts reported (after the cooldown), by category.\n");
      b.append("# TYPE netsentinel_alerts_total counter\n");
      for (Map.Entry<String, Long> e : alerts.snapshot().entrySet()) {
        b.append("netsentinel_alerts_total{category=\"").append(escape(e.getKey())).append("\"} ")
            .append(e.getValue()).append('\n');
      }
      return b.toString();
    };
  }

  private static void metric(StringBuilder b, String name, String type, String help, long value) {
    b.append("# HELP ").append(name).append(' ').append(help).append('\n');
    b.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    b.append(name).append(' ').append(value).append('\n');
  }

  /** Label value escaping of the text format: backslash, double quote and newline. */
  static String escape(String value) {
    return String.valueOf(value).replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
