package io.netsentinel.server;

import io.netsentinel.store.AgentRecord;
import io.netsentinel.store.AlertStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which agents are online: an agent is offline once {@code offlineAfter} (90 s) passed without a heartbeat. A
 * periodic check on the injected clock flips agents to offline; a heartbeat flips them back. Every change is published
 * to the stream.
 */
final class AgentStatusTracker {
  private final ConcurrentHashMap<String, Boolean> online = new ConcurrentHashMap<>();
  private final AlertStore store;
  private final Clock clock;
  private final Duration offlineAfter;
  private final StreamHub stream;
  private final Vertx vertx;

  AgentStatusTracker(AlertStore store, Clock clock, ServerLimits limits, StreamHub stream, Vertx vertx) {
    this.store = store;
    this.clock = clock;
    this.offlineAfter = limits.offlineAfter();
    this.stream = stream;
    this.vertx = vertx;
  }

  boolean isOnline(AgentRecord agent, Instant now) {
    return agent.lastSeen() != null && agent.lastSeen().plus(offlineAfter).isAfter(now);
  }

  /** A known agent id (cached; the store is asked once per id). Blocking: call off the event loop. */
  boolean known(String agentId) {
    if (online.containsKey(agentId)) {
      return true;
    }
    return store.agent(agentId).map(a -> {
      online.putIfAbsent(a.id(), isOnline(a, clock.instant()));
      return true;
    }).orElse(false);
  }

  /** A registration or heartbeat was just stored. */
  void seen(AgentRecord agent) {
    Boolean before = online.put(agent.id(), Boolean.TRUE);
    if (!Boolean.TRUE.equals(before)) {
      publish(agent, true);
    }
  }

  /** Compares every agent with the clock and publishes the changes; the periodic timer calls it. */
  Future<Integer> check() {
    return vertx.executeBlocking(() -> {
      Instant now = clock.instant();
      int changed = 0;
      for (AgentRecord a : store.agents()) {
        boolean isOnline = isOnline(a, now);
        Boolean before = online.put(a.id(), isOnline);
        if (before != null && before != isOnline) {
          publish(a, isOnline);
          changed++;
        }
      }
      return changed;
    }, false);
  }

  long onlineCount() {
    return online.values().stream().filter(Boolean::booleanValue).count();
  }

  long knownCount() {
    return online.size();
  }

  private void publish(AgentRecord a, boolean isOnline) {
    stream.publish(new JsonObject()
        .put("type", "agent_status")
        .put("agent_id", a.id())
        .put("hostname", a.hostname())
        .put("status", isOnline ? "online" : "offline")
        .put("last_seen", a.lastSeen() == null ? null : a.lastSeen().toString())
        .put("at", clock.instant().toString()));
  }
}
