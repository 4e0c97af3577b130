package io.netsentinel.server;

import static io.netsentinel.server.AgentRoutesTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import io.netsentinel.api.Severity;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DashboardRoutesTest extends ServerTestBase {
  @Test
  void logsInWithAnHttpOnlySecureSameSiteStrictCookie() {
    HttpResponse<String> r = s.post("/api/v1/session", "{\"username\":\"admin\",\"password\":\"" + TestServer.PASSWORD
        + "\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    String cookie = r.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie).startsWith(SessionApi.COOKIE + "=").containsIgnoringCase("; HttpOnly").contains("; Secure")
        .contains("SameSite=Strict").contains("Path=/");
    assertThat(cookie.substring(SessionApi.COOKIE.length() + 1, cookie.indexOf(';'))).hasSize(43);
    assertThat(new JsonObject(r.body()).getString("user")).isEqualTo("admin");
  }

  @Test
  void refusesAWrongPasswordOrNameWith401AndRateLimitsRepeatedFailures() {
    assertError(s.post("/api/v1/session", "{\"username\":\"admin\",\"password\":\"wrong\"}"), 401, "bad_login",
        "wrong user name or password");
    assertError(s.post("/api/v1/session", "{\"username\":\"nobody\",\"password\":\"" + TestServer.PASSWORD + "\"}"),
        401, "bad_login", "wrong user name or password");
    assertError(s.post("/api/v1/session", "{\"username\":\"admin\"}"), 400, "bad_request", "username");
    for (int i = 2; i < ServerLimits.defaults().authFailures(); i++) {
      assertThat(s.post("/api/v1/session", "{\"username\":\"admin\",\"password\":\"w" + i + "\"}").statusCode())
          .isEqualTo(401);
    }
    HttpResponse<String> limited = s.post("/api/v1/session", "{\"username\":\"admin\",\"password\":\""
        + TestServer.PASSWORD + "\"}");
    assertError(limited, 429, "rate_limited", "failed logins");
    assertThat(limited.headers().firstValue("Retry-After")).isPresent();
    s.clock.advance(Duration.ofMinutes(6));
    assertThat(s.login()).startsWith(SessionApi.COOKIE + "=");
  }

  @Test
  void dashboardRoutesNeedASession() {
    for (String path : List.of("/api/v1/alerts", "/api/v1/agents", "/api/v1/stats", "/api/v1/export")) {
      assertError(s.get(path), 401, "not_logged_in", "log in");
      assertError(s.get(path, "Cookie", SessionApi.COOKIE + "=forged"), 401, "not_logged_in", "log in");
    }
  }

  @Test
  void logoutEndsTheSession() {
    String cookie = s.login();
    assertThat(s.get("/api/v1/agents", "Cookie", cookie).statusCode()).isEqualTo(200);
    HttpResponse<String> out = s.send(HttpRequest.newBuilder(s.uri("/api/v1/session")).DELETE()
        .header("Cookie", cookie));
    assertThat(out.statusCode()).isEqualTo(204);
    assertThat(out.headers().firstValue("Set-Cookie").orElseThrow()).contains("Max-Age=0");
    assertError(s.get("/api/v1/agents", "Cookie", cookie), 401, "not_logged_in", "log in");
  }

  @Test
  void deletingAnAccountEndsItsSessions() throws Exception {
    String cookie = s.login();
    assertThat(s.get("/api/v1/stats", "Cookie", cookie).statusCode()).isEqualTo(200);
    Path users = s.dir.resolve(UsersFile.FILE_NAME);
    java.nio.file.attribute.FileTime before = java.nio.file.Files.getLastModifiedTime(users);
    UsersFile.delete(users, TestServer.USER);
    java.nio.file.Files.setLastModifiedTime(users, java.nio.file.attribute.FileTime.fromMillis(before.toMillis() + 2000));
    assertError(s.get("/api/v1/stats", "Cookie", cookie), 401, "not_logged_in", "log in");
  }

  @Test
  void aSessionExpiresAfterThirtyIdleMinutesButNotWhileUsed() {
    String cookie = s.login();
    s.clock.advance(Duration.ofMinutes(29));
    assertThat(s.get("/api/v1/stats", "Cookie", cookie).statusCode()).isEqualTo(200);
    s.clock.advance(Duration.ofMinutes(29));
    assertThat(s.get("/api/v1/stats", "Cookie", cookie).statusCode()).as("used 29 min ago").isEqualTo(200);
    s.clock.advance(Duration.ofMinutes(30));
    assertError(s.get("/api/v1/stats", "Cookie", cookie), 401, "not_logged_in", "log in");
  }

  @Test
  void listsAlertsNewestFirstWithFiltersAndCursorPaging() {
    String id = s.register("sensor-1");
    List<String> alerts = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      Severity severity = i % 5 == 0 ? Severity.CRITICAL : Severity.LOW;
      alerts.add(s.alertJson(s.alert(String.format("a%02d", i), severity, i % 2 == 0 ? "PORT_SCAN" : "DNS_TUNNEL",
          TestServer.START.plusSeconds(i))));
    }
    assertThat(s.agentPost("/api/v1/alerts", TestServer.envelope(id, alerts)).statusCode()).isEqualTo(200);
    String cookie = s.login();

    Set<String> seen = new HashSet<>();
    String cursor = null;
    String previous = "a99";
    for (int page = 0; page < 10; page++) {
      HttpResponse<String> r = s.get("/api/v1/alerts?limit=10" + (cursor == null ? "" : "&cursor=" + cursor),
          "Cookie", cookie);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      JsonObject body = new JsonObject(r.body());
      for (Object o : body.getJsonArray("alerts")) {
        String alertId = ((JsonObject) o).getString("id");
        assertThat(alertId).isLessThan(previous);
        previous = alertId;
        seen.add(alertId);
        assertThat(((JsonObject) o).getString("agent_id")).isEqualTo(id);
      }
      cursor = body.getString("next_cursor");
      if (cursor == null) {
        break;
      }
    }
    assertThat(seen).hasSize(25);

    JsonArray critical = new JsonObject(s.get("/api/v1/alerts?severity=CRITICAL", "Cookie", cookie).body())
        .getJsonArray("alerts");
    assertThat(critical).hasSize(5);
    JsonArray filtered = new JsonObject(s.get("/api/v1/alerts?category=DNS_TUNNEL&since="
        + TestServer.START.plusSeconds(10) + "&until=" + TestServer.START.plusSeconds(20) + "&agent=" + id + "&q=scan",
        "Cookie", cookie).body()).getJsonArray("alerts");
    assertThat(filtered).extracting(o -> ((JsonObject) o).getString("id"))
        .containsExactly("a19", "a17", "a15", "a13", "a11");
  }

  @Test
  void refusesBadQueryParametersWith400() {
    String cookie = s.login();
    assertError(s.get("/api/v1/alerts?severity=SEVERE", "Cookie", cookie), 400, "bad_request", "severity");
    assertError(s.get("/api/v1/alerts?category=bad-cat", "Cookie", cookie), 400, "bad_request", "category");
    assertError(s.get("/api/v1/alerts?since=yesterday", "Cookie", cookie), 400, "bad_request", "since: expected an"
        + " ISO-8601");
    assertError(s.get("/api/v1/alerts?limit=0", "Cookie", cookie), 400, "bad_request", "limit: expected 1-1000");
    assertError(s.get("/api/v1/alerts?limit=5000", "Cookie", cookie), 400, "bad_request", "limit");
    assertError(s.get("/api/v1/alerts?cursor=nonsense", "Cookie", cookie), 400, "bad_request", "cursor");
  }

  @Test
  void listsAgentsWithTheirStatusAndGivesStatsWithAThreatLevel() {
    String id = s.register("sensor-1");
    List<String> alerts = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      alerts.add(s.alertJson(s.alert("c" + i, Severity.CRITICAL, "SYN_FLOOD", TestServer.START)));
    }
    assertThat(s.agentPost("/api/v1/alerts", TestServer.envelope(id, alerts)).statusCode()).isEqualTo(200);
    String cookie = s.login();
    JsonObject agents = new JsonObject(s.get("/api/v1/agents", "Cookie", cookie).body());
    JsonObject agent = agents.getJsonArray("agents").getJsonObject(0);
    assertThat(agent.getString("agent_id")).isEqualTo(id);
    assertThat(agent.getString("hostname")).isEqualTo("sensor-1");
    assertThat(agent.getString("status")).isEqualTo("online");

    JsonObject stats = new JsonObject(s.get("/api/v1/stats", "Cookie", cookie).body());
    assertThat(stats.getLong("total")).isEqualTo(4);
    assertThat(stats.getJsonObject("by_severity").getLong("CRITICAL")).isEqualTo(4);
    assertThat(stats.getString("threat_level")).isEqualTo("CRITICAL");
    assertThat(stats.getLong("threat_score")).isEqualTo(100);
    assertThat(stats.getJsonArray("timeline")).hasSize(60);
    assertThat(stats.getJsonArray("top_sources").getJsonObject(0).getString("source")).isEqualTo("192.0.2.7");

    s.clock.advance(Duration.ofMinutes(16));
    JsonObject later = new JsonObject(s.get("/api/v1/stats", "Cookie", cookie).body());
    assertThat(later.getString("threat_level")).as("only the last 15 minutes count").isEqualTo("NORMAL");
  }

  @Test
  void exportsEveryAlertAsOneJsonArray() {
    String id = s.register("sensor-1");
    for (int b = 0; b < 30; b++) {
      s.clock.advance(Duration.ofSeconds(10));
      assertThat(s.agentPost("/api/v1/alerts", s.batch(id, "e" + b, 40)).statusCode()).isEqualTo(200);
    }
    String cookie = s.login();
    HttpResponse<String> r = s.get("/api/v1/export", "Cookie", cookie);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Disposition").orElseThrow()).contains("attachment");
    assertThat(r.body().length()).isGreaterThan(2 * DashboardApi.EXPORT_CHUNK);
    JsonArray all = new JsonArray(r.body());
    assertThat(all).hasSize(1200);
    assertThat(all.getJsonObject(0).getString("event_type")).isEqualTo("alert");
    assertThat(new JsonArray(s.get("/api/v1/export?severity=LOW", "Cookie", cookie).body())).isEmpty();
  }

  @Test
  void purgesAlertsReceivedLongerAgoThanTheRetention() throws Exception {
    String id = s.register("sensor-1");
    assertThat(s.agentPost("/api/v1/alerts", s.batch(id, "old", 3)).statusCode()).isEqualTo(200);
    s.clock.advance(Duration.ofDays(20));
    assertThat(s.agentPost("/api/v1/alerts", s.batch(id, "new", 2)).statusCode()).isEqualTo(200);
    assertThat(s.server.purge().toCompletionStage().toCompletableFuture().get()).isZero();
    s.clock.advance(Duration.ofDays(10).plusSeconds(1));
    assertThat(s.server.purge().toCompletionStage().toCompletableFuture().get()).isEqualTo(3);
    assertThat(s.memory().all()).extracting(a -> a.alert().id()).containsExactlyInAnyOrder("new-0", "new-1");
  }

  @Test
  void healthAndPrometheusMetricsAreOpen() {
    String id = s.register("sensor-1");
    s.agentPost("/api/v1/alerts", s.batch(id, "m", 3));
    s.agentPost("/api/v1/alerts", s.batch(id, "m", 3));
    HttpResponse<String> health = s.get("/healthz");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(health.body()).getString("status")).isEqualTo("ok");
    String metrics = s.get("/metrics").body();
    assertThat(metrics).contains("netsentinel_ingest_alerts_accepted_total 3.0")
        .contains("netsentinel_ingest_alerts_duplicate_total 3.0")
        .contains("netsentinel_agents_registered 1.0")
        .contains("netsentinel_agents_online 1.0")
        .contains("netsentinel_store_append_seconds_count 2")
        .contains("netsentinel_http_server_requests_seconds_count{method=\"POST\",route=\"/api/v1/alerts\","
            + "status=\"200\"} 2");
    // Every metric docs/api.md lists is exported, even before it first counts.
    for (String name : List.of("netsentinel_ingest_batches_rate_limited_total",
        "netsentinel_ingest_batches_rejected_total", "netsentinel_auth_failures_total", "netsentinel_stream_clients",
        "netsentinel_stream_events_dropped_total")) {
      assertThat(metrics).as(name).containsPattern("(?m)^" + name + " ");
    }
  }

  @Test
  void aLoginBeyondTheSessionLimitGets503AndAnExpiredSessionMakesRoom() throws Exception {
    s.close();
    s = TestServer.start(tmp.resolve("limited"), ServerLimits.defaults().withMaxSessions(2));
    s.login();
    s.login();
    assertError(s.post("/api/v1/session", "{\"username\":\"admin\",\"password\":\"" + TestServer.PASSWORD + "\"}"),
        503, "too_many_sessions", "too many dashboard sessions");
    s.clock.advance(ServerLimits.defaults().sessionIdle().plusSeconds(1));
    assertThat(s.login()).startsWith(SessionApi.COOKIE + "=");
  }
}
