package io.netsentinel.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StreamTest extends ServerTestBase {
  private String origin() {
    return "https://localhost:" + s.port;
  }

  @Test
  void streamsNewAlertsButNotTheirRetriesToALoggedInSameOriginDashboard() throws Exception {
    String cookie = s.login();
    try (StreamClient stream = (StreamClient) StreamClient.connect(s, cookie, origin())) {
      assertThat(stream.next(e -> "hello".equals(e.getString("type")))).isNotNull();
      String id = s.register("sensor-1");
      assertThat(s.agentPost("/api/v1/alerts", s.batch(id, "live", 2)).statusCode()).isEqualTo(200);
      assertThat(s.agentPost("/api/v1/alerts", s.batch(id, "live", 3)).statusCode()).isEqualTo(200);
      JsonObject first = stream.next(e -> "alert".equals(e.getString("type")));
      assertThat(first.getJsonObject("alert").getString("id")).isEqualTo("live-0");
      assertThat(first.getJsonObject("alert").getString("agent_id")).isEqualTo(id);
      assertThat(stream.next(e -> "alert".equals(e.getString("type"))).getJsonObject("alert").getString("id"))
          .isEqualTo("live-1");
      assertThat(stream.next(e -> "alert".equals(e.getString("type"))).getJsonObject("alert").getString("id"))
          .as("live-0 and live-1 were retries").isEqualTo("live-2");
    }
  }

  @Test
  void closesTheStreamOnceItsSessionIsLoggedOut() throws Exception {
    String cookie = s.login();
    try (StreamClient stream = (StreamClient) StreamClient.connect(s, cookie, origin())) {
      stream.next(e -> "hello".equals(e.getString("type")));
      s.send(java.net.http.HttpRequest.newBuilder(s.uri("/api/v1/session")).DELETE().header("Cookie", cookie));
      String id = s.register("sensor-1");
      assertThat(s.agentPost("/api/v1/alerts", s.batch(id, "after", 1)).statusCode()).isEqualTo(200);
      assertThat(stream.closed.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(1008);
      assertThat(stream.events).noneMatch(e -> "alert".equals(e.getString("type")));
    }
  }

  @Test
  void refusesTheHandshakeWithoutASessionCookie() throws Exception {
    assertThat(StreamClient.connect(s, null, origin())).isEqualTo(401);
    assertThat(StreamClient.connect(s, SessionApi.COOKIE + "=forged", origin())).isEqualTo(401);
  }

  @Test
  void refusesTheHandshakeFromAnotherOriginOrWithoutOne() throws Exception {
    String cookie = s.login();
    assertThat(StreamClient.connect(s, cookie, "https://evil.example")).isEqualTo(403);
    assertThat(StreamClient.connect(s, cookie, "https://localhost:" + (s.port + 1))).isEqualTo(403);
    assertThat(StreamClient.connect(s, cookie, "http://localhost:" + s.port)).isEqualTo(403);
    assertThat(StreamClient.connect(s, cookie, null)).isEqualTo(403);
  }

  @Test
  void anAgentGoesOfflineAfterNinetySecondsWithoutHeartbeatAndTheStreamSaysSo() throws Exception {
    String cookie = s.login();
    String id = s.register("sensor-1");
    AgentStatusTracker tracker = s.injector.getInstance(AgentStatusTracker.class);
    try (StreamClient stream = (StreamClient) StreamClient.connect(s, cookie, origin())) {
      stream.next(e -> "hello".equals(e.getString("type")));
      s.clock.advance(Duration.ofSeconds(89));
      assertThat(tracker.check().toCompletionStage().toCompletableFuture().get()).isZero();
      assertThat(agentStatus(cookie)).isEqualTo("online");

      s.clock.advance(Duration.ofSeconds(1));
      assertThat(tracker.check().toCompletionStage().toCompletableFuture().get()).isEqualTo(1);
      assertThat(agentStatus(cookie)).isEqualTo("offline");
      JsonObject offline = stream.next(e -> "agent_status".equals(e.getString("type")));
      assertThat(offline.getString("agent_id")).isEqualTo(id);
      assertThat(offline.getString("status")).isEqualTo("offline");

      assertThat(s.agentPost("/api/v1/agents/" + id + "/heartbeat", "{\"packets\":1}").statusCode()).isEqualTo(200);
      assertThat(agentStatus(cookie)).isEqualTo("online");
      JsonObject online = stream.next(e -> "agent_status".equals(e.getString("type")));
      assertThat(online.getString("status")).isEqualTo("online");
      assertThat(tracker.check().toCompletionStage().toCompletableFuture().get()).isZero();
    }
  }

  private String agentStatus(String cookie) {
    return new JsonObject(s.get("/api/v1/agents", "Cookie", cookie).body()).getJsonArray("agents").getJsonObject(0)
        .getString("status");
  }
}
