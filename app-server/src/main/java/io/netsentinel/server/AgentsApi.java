package io.netsentinel.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netsentinel.store.AgentRecord;
import io.netsentinel.store.AlertStore;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Agent registration and heartbeats (agent routes), and the agent list (dashboard route). */
final class AgentsApi {
  static final int MAX_STATS = 64;

  private final AlertStore store;
  private final AgentStatusTracker status;
  private final Clock clock;
  private final ServerLimits limits;
  private final Vertx vertx;
  private final ObjectMapper mapper = new ObjectMapper();

  AgentsApi(AlertStore store, AgentStatusTracker status, Clock clock, ServerLimits limits, Vertx vertx) {
    this.store = store;
    this.status = status;
    this.clock = clock;
    this.limits = limits;
    this.vertx = vertx;
  }

  /** {@code POST /api/v1/agents/register}: {@code {hostname, os, ip, version, agent_id?}} → {@code {agent_id}}. */
  void register(RoutingContext ctx) {
    byte[] body = JsonBodies.bytes(ctx);
    vertx.executeBlocking(() -> {
      JsonNode n = JsonBodies.read(mapper, body);
      if (!n.isObject()) {
        throw ApiException.badRequest("expected a JSON object {hostname, os, ip, version, agent_id?}");
      }
      String hostname = FieldRules.capped("hostname", required(n, "hostname"), AlertBatchParser.MAX_HOSTNAME);
      String os = FieldRules.capped("os", optional(n, "os"), AlertBatchParser.MAX_OS);
      String ip = FieldRules.ip("ip", optional(n, "ip"));
      String version = FieldRules.capped("version", optional(n, "version"), 64);
      String hint = optional(n, "agent_id");
      if (hint != null) {
        FieldRules.agentId("agent_id", hint);
      }
      Instant now = clock.instant();
      Optional<AgentRecord> old = hint == null ? Optional.empty() : store.agent(hint);
      if (old.isEmpty() && store.agentCount() >= limits.maxAgents()) {
        throw new ApiException(403, "agent_limit", "this server already has " + limits.maxAgents()
            + " registered agents, its maximum; remove agents or raise the limit");
      }
      // A known id is kept, and so is an unknown one the agent already had (its spooled alerts carry it).
      String id = hint != null ? hint : UUID.randomUUID().toString();
      AgentRecord stored = store.upsertAgent(new AgentRecord(id, hostname, os, ip, version,
          old.map(AgentRecord::firstSeen).orElse(now), now, old.map(AgentRecord::alertCount).orElse(0L),
          old.map(AgentRecord::lastStats).orElse(Map.of())));
      status.seen(stored);
      return new JsonObject().put("agent_id", stored.id());
    }, false).onSuccess(json -> Responses.json(ctx, 200, json)).onFailure(ctx::fail);
  }

  /** {@code POST /api/v1/agents/{id}/heartbeat} with a flat object of integer counters. */
  void heartbeat(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    byte[] body = JsonBodies.bytes(ctx);
    vertx.executeBlocking(() -> {
      FieldRules.agentId("agent id in the path", id);
      Map<String, Long> stats = stats(body);
      Instant now = clock.instant();
      if (!store.heartbeat(id, now, stats)) {
        throw new ApiException(404, "unknown_agent", "no agent " + id + " is registered; register again");
      }
      store.agent(id).ifPresent(status::seen);
      return new JsonObject().put("status", "ok").put("server_time", now.toString());
    }, false).onSuccess(json -> Responses.json(ctx, 200, json)).onFailure(ctx::fail);
  }

  private Map<String, Long> stats(byte[] body) {
    Map<String, Long> stats = new LinkedHashMap<>();
    if (body == null || body.length == 0) {
      return stats;
    }
    JsonNode n = JsonBodies.read(mapper, body);
    if (!n.isObject()) {
      throw ApiException.badRequest("heartbeat: expected a JSON object of counters");
    }
    if (n.size() > MAX_STATS) {
      throw ApiException.badRequest("heartbeat: at most " + MAX_STATS + " counters, got " + n.size());
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      FieldRules.capped("heartbeat counter name", e.getKey(), 64);
      if (!e.getValue().isIntegralNumber() || !e.getValue().canConvertToLong()) {
        throw ApiException.badRequest("heartbeat." + FieldRules.shorten(e.getKey()) + ": expected an integer");
      }
      stats.put(e.getKey(), e.getValue().asLong());
    }
    return stats;
  }

  /** {@code GET /api/v1/agents}: every agent, with its online state. */
  void list(RoutingContext ctx) {
    vertx.executeBlocking(() -> {
      Instant now = clock.instant();
      JsonArray agents = new JsonArray();
      for (AgentRecord a : store.agents()) {
        agents.add(new JsonObject()
            .put("agent_id", a.id())
            .put("hostname", a.hostname())
            .put("os", a.os())
            .put("ip", a.ip())
            .put("version", a.version())
            .put("first_seen", a.firstSeen() == null ? null : a.firstSeen().toString())
            .put("last_seen", a.lastSeen() == null ? null : a.lastSeen().toString())
            .put("alerts", a.alertCount())
            .put("status", status.isOnline(a, now) ? "online" : "offline")
            .put("stats", new JsonObject(new LinkedHashMap<String, Object>(a.lastStats()))));
      }
      return new JsonObject().put("agents", agents).put("offline_after_seconds", limits.offlineAfter().toSeconds());
    }, false).onSuccess(json -> Responses.json(ctx, 200, json)).onFailure(ctx::fail);
  }

  private static String required(JsonNode n, String field) {
    String v = optional(n, field);
    if (v == null || v.isEmpty()) {
      throw ApiException.badRequest(field + ": required");
    }
    return v;
  }

  private static String optional(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw ApiException.badRequest(field + ": expected a string");
    }
    return v.asText();
  }
}
