package io.netsentinel.server;

import io.netsentinel.api.AlertJson;
import io.netsentinel.api.Categories;
import io.netsentinel.api.Severity;
import io.netsentinel.store.AlertPage;
import io.netsentinel.store.AlertQuery;
import io.netsentinel.store.AlertStore;
import io.netsentinel.store.StoreStats;
import io.netsentinel.store.StoredAlert;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** The logged-in dashboard's reads: alerts (filtered, paged), stats, and the streamed export. */
final class DashboardApi {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_Q = 200;
  static final int EXPORT_CHUNK = 64 * 1024;
  static final long EXPORT_STALL_SECONDS = 60;

  private final AlertStore store;
  private final AgentStatusTracker agents;
  private final Clock clock;
  private final Vertx vertx;
  private final AlertJson alertJson = new AlertJson();

  DashboardApi(AlertStore store, AgentStatusTracker agents, Clock clock, Vertx vertx) {
    this.store = store;
    this.agents = agents;
    this.clock = clock;
    this.vertx = vertx;
  }

  /** {@code GET /api/v1/alerts?severity=&category=&agent=&q=&since=&until=&limit=&cursor=}, newest first. */
  void alerts(RoutingContext ctx) {
    AlertQuery query = query(ctx, true);
    vertx.executeBlocking(() -> {
      AlertPage page = store.query(query);
      JsonArray alerts = new JsonArray();
      for (StoredAlert a : page.alerts()) {
        alerts.add(json(a));
      }
      return new JsonObject().put("alerts", alerts).put("next_cursor", page.nextCursor());
    }, false).onSuccess(json -> Responses.json(ctx, 200, json)).onFailure(ctx::fail);
  }

  /** {@code GET /api/v1/stats}. */
  void stats(RoutingContext ctx) {
    vertx.executeBlocking(() -> {
      Instant now = clock.instant();
      StoreStats s = store.stats(now);
      long score = ThreatLevel.score(s.recentBySeverity());
      JsonArray top = new JsonArray();
      s.topSources().forEach(t -> top.add(new JsonObject().put("source", t.source()).put("alerts", t.alerts())));
      return new JsonObject()
          .put("total", s.total())
          .put("by_severity", new JsonObject(new LinkedHashMap<String, Object>(s.bySeverity())))
          .put("by_category", new JsonObject(new LinkedHashMap<String, Object>(s.byCategory())))
          .put("recent_by_severity", new JsonObject(new LinkedHashMap<String, Object>(s.recentBySeverity())))
          .put("timeline", new JsonArray(new java.util.ArrayList<Object>(s.timeline())))
          .put("top_sources", top)
          .put("threat_level", ThreatLevel.of(score).name())
          .put("threat_score", score)
          .put("agents", new JsonObject().put("known", agents.knownCount()).put("online", agents.onlineCount()))
          .put("at", now.toString());
    }, false).onSuccess(json -> Responses.json(ctx, 200, json)).onFailure(ctx::fail);
  }

  /**
   * {@code GET /api/v1/export}: every alert matching the filters as one JSON array, streamed in chunks from {@link
   * AlertStore#forEach}. The worker thread waits for the connection to drain, so a slow client holds at most a few
   * chunks in memory; a client that stops reading for a minute is cut off.
   */
  void export(RoutingContext ctx) {
    AlertQuery query = query(ctx, false);
    HttpServerResponse response = ctx.response();
    response.setChunked(true)
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("Content-Disposition", "attachment; filename=\"netsentinel-alerts.json\"");
    vertx.executeBlocking(() -> {
      StringBuilder chunk = new StringBuilder(EXPORT_CHUNK + 1024).append('[');
      boolean[] first = {true};
      store.forEach(query, a -> {
        if (!first[0]) {
          chunk.append(',');
        }
        first[0] = false;
        chunk.append(json(a).encode());
        if (chunk.length() >= EXPORT_CHUNK) {
          write(response, chunk);
        }
      });
      chunk.append(']');
      write(response, chunk);
      return null;
    }, false).onSuccess(v -> response.end()).onFailure(e -> {
      if (response.headWritten()) {
        response.reset();
      } else {
        ctx.fail(e);
      }
    });
  }

  private static void write(HttpServerResponse response, StringBuilder chunk) {
    if (response.closed()) {
      throw new IllegalStateException("export: the client went away");
    }
    response.write(Buffer.buffer(chunk.toString().getBytes(StandardCharsets.UTF_8)));
    chunk.setLength(0);
    if (response.writeQueueFull()) {
      CountDownLatch drained = new CountDownLatch(1);
      response.drainHandler(v -> drained.countDown());
      try {
        if (response.writeQueueFull() && !drained.await(EXPORT_STALL_SECONDS, TimeUnit.SECONDS)) {
          throw new IllegalStateException("export: the client stopped reading");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("export interrupted", e);
      }
    }
  }

  private JsonObject json(StoredAlert a) {
    JsonObject o = new JsonObject(alertJson.write(a.alert()));
    o.put("agent_id", a.agentId());
    o.put("received_at", a.receivedAt() == null ? null : a.receivedAt().toString());
    return o;
  }

  private static AlertQuery query(RoutingContext ctx, boolean paged) {
    Severity severity = null;
    String s = param(ctx, "severity");
    if (s != null) {
      try {
        severity = Severity.valueOf(s.toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest("severity: expected LOW, MEDIUM, HIGH or CRITICAL, got \""
            + FieldRules.shorten(s) + "\"");
      }
    }
    String category = param(ctx, "category");
    if (category != null && !Categories.isValid(category)) {
      throw ApiException.badRequest("category: expected [A-Z0-9_]{1,64}");
    }
    String agent = param(ctx, "agent");
    if (agent != null) {
      FieldRules.agentId("agent", agent);
    }
    String q = FieldRules.capped("q", param(ctx, "q"), MAX_Q);
    Instant since = instant(ctx, "since");
    Instant until = instant(ctx, "until");
    int limit = DEFAULT_LIMIT;
    String l = param(ctx, "limit");
    if (!paged) {
      limit = 1000;
    } else if (l != null) {
      try {
        limit = Integer.parseInt(l);
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > 1000) {
        throw ApiException.badRequest("limit: expected 1-1000, got \"" + FieldRules.shorten(l) + "\"");
      }
    }
    String cursor = paged ? FieldRules.capped("cursor", param(ctx, "cursor"), 512) : null;
    return new AlertQuery(severity, category, agent, q, since, until, limit, cursor);
  }

  private static String param(RoutingContext ctx, String name) {
    String v = ctx.request().getParam(name);
    return v == null || v.isEmpty() ? null : v;
  }

  private static Instant instant(RoutingContext ctx, String name) {
    String v = param(ctx, name);
    if (v == null) {
      return null;
    }
    try {
      return Instant.parse(v);
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest(name + ": expected an ISO-8601 instant such as 2026-01-31T12:00:00Z, got \""
          + FieldRules.shorten(v) + "\"");
    }
  }
}
