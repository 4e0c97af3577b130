package io.netsentinel.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/** The Prometheus registry behind {@code GET /metrics}: HTTP, ingest, store, stream and agent counts. */
final class ServerMetrics {
  /** Route names used as the {@code route} tag, so that agent ids never blow up the label cardinality. */
  private static final List<String> ROUTES = List.of("/api/v1/agents/register", "/api/v1/alerts", "/api/v1/agents",
      "/api/v1/session", "/api/v1/stats", "/api/v1/export", "/api/v1/stream", "/api/v1/openapi.json", "/healthz",
      "/metrics");

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  final Counter alertsAccepted = Counter.builder("netsentinel_ingest_alerts_accepted")
      .description("alerts stored (new ids)").register(registry);
  final Counter alertsDuplicate = Counter.builder("netsentinel_ingest_alerts_duplicate")
      .description("alerts received again (ids already stored)").register(registry);
  final Counter batchesRateLimited = Counter.builder("netsentinel_ingest_batches_rate_limited")
      .description("alert batches refused with 429").register(registry);
  final Counter batchesRejected = Counter.builder("netsentinel_ingest_batches_rejected")
      .description("alert batches refused with 400 or 413").register(registry);
  final Counter authFailures = Counter.builder("netsentinel_auth_failures")
      .description("requests with a bad API key or login").register(registry);
  final Timer storeAppend = Timer.builder("netsentinel_store_append")
      .description("time to commit one alert batch").register(registry);
  final Counter streamDropped = Counter.builder("netsentinel_stream_events_dropped")
      .description("stream events not sent to a slow dashboard").register(registry);
  private final AtomicLong streamClients = new AtomicLong();

  ServerMetrics() {
    Gauge.builder("netsentinel_stream_clients", streamClients, AtomicLong::get)
        .description("open dashboard WebSockets").register(registry);
  }

  void agentGauges(Supplier<Number> registered, Supplier<Number> online) {
    Gauge.builder("netsentinel_agents_registered", registered).register(registry);
    Gauge.builder("netsentinel_agents_online", online).register(registry);
  }

  AtomicLong streamClients() {
    return streamClients;
  }

  /** A first route handler: times the request and counts it by route, method and status. */
  void timeRequest(RoutingContext ctx) {
    long start = System.nanoTime();
    String route = routeOf(ctx.normalizedPath());
    ctx.addBodyEndHandler(v -> Timer.builder("netsentinel_http_server_requests")
        .tag("method", ctx.request().method().name())
        .tag("route", route)
        .tag("status", Integer.toString(ctx.response().getStatusCode()))
        .register(registry)
        .record(System.nanoTime() - start, TimeUnit.NANOSECONDS));
    ctx.next();
  }

  private static String routeOf(String path) {
    if (path.startsWith("/api/v1/agents/") && path.endsWith("/heartbeat")) {
      return "/api/v1/agents/{id}/heartbeat";
    }
    return ROUTES.contains(path) ? path : "other";
  }

  String scrape() {
    return registry.scrape();
  }
}
