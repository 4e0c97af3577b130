package io.netsentinel.server;

import io.netsentinel.api.Alert;
import io.netsentinel.api.AlertJson;
import io.netsentinel.store.AlertStore;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /api/v1/alerts}: checks the batch, the agent and its rate, stores the batch, and answers {@code 200
 * {"accepted": n, "duplicates": m}} only once the store has committed it. New alerts go to the stream.
 */
final class AlertIngestApi {
  /** Ids recently published to the stream, so an agent's retry does not show the same alert twice. */
  private static final int RECENT_IDS = 50_000;

  private final AlertStore store;
  private final AgentStatusTracker agents;
  private final AlertRateLimiter rate;
  private final StreamHub stream;
  private final ServerMetrics metrics;
  private final Clock clock;
  private final Vertx vertx;
  private final AlertBatchParser parser = new AlertBatchParser();
  private final AlertJson alertJson = new AlertJson();
  private final Set<String> recent = Collections.synchronizedSet(Collections.newSetFromMap(
      new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > RECENT_IDS;
        }
      }));

  AlertIngestApi(AlertStore store, AgentStatusTracker agents, AlertRateLimiter rate, StreamHub stream,
      ServerMetrics metrics, Clock clock, Vertx vertx) {
    this.store = store;
    this.agents = agents;
    this.rate = rate;
    this.stream = stream;
    this.metrics = metrics;
    this.clock = clock;
    this.vertx = vertx;
  }

  void ingest(RoutingContext ctx) {
    byte[] body = JsonBodies.bytes(ctx);
    vertx.executeBlocking(() -> {
      AlertBatchParser.Batch batch;
      try {
        batch = parser.parse(body);
      } catch (ApiException e) {
        metrics.batchesRejected.increment();
        throw e;
      }
      if (!agents.known(batch.agentId())) {
        throw new ApiException(404, "unknown_agent", "no agent " + batch.agentId() + " is registered; register"
            + " first (POST /api/v1/agents/register)");
      }
      long wait = rate.tryAcquire(batch.agentId(), batch.alerts().size());
      if (wait > 0) {
        metrics.batchesRateLimited.increment();
        throw ApiException.tooMany("agent " + batch.agentId() + " is over its limit of alerts per 5 s; retry in "
            + wait + " s", wait);
      }
      Instant now = clock.instant();
      long start = System.nanoTime();
      int accepted = batch.alerts().isEmpty() ? 0 : store.append(batch.agentId(), batch.alerts(), now);
      metrics.storeAppend.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
      int duplicates = batch.alerts().size() - accepted;
      metrics.alertsAccepted.increment(accepted);
      metrics.alertsDuplicate.increment(duplicates);
      if (accepted > 0) {
        publish(batch.agentId(), batch.alerts(), now);
      }
      return new JsonObject().put("accepted", accepted).put("duplicates", duplicates);
    }, false).onSuccess(json -> Responses.json(ctx, 200, json)).onFailure(ctx::fail);
  }

  private void publish(String agentId, List<Alert> alerts, Instant receivedAt) {
    for (Alert a : alerts) {
      if (recent.add(a.id())) {
        JsonObject alert = new JsonObject(alertJson.write(a)).put("agent_id", agentId);
        stream.publish(new JsonObject().put("type", "alert").put("alert", alert)
            .put("received_at", receivedAt.toString()));
      }
    }
  }
}
