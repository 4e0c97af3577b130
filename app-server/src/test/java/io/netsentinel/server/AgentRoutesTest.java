package io.netsentinel.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsentinel.api.Severity;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentRoutesTest extends ServerTestBase {
  @Override
  ServerLimits limits() {
    return ServerLimits.defaults().withMaxAgents(3);
  }

  static void assertError(HttpResponse<String> r, int status, String code, String messagePart) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith(
        "application/json"));
    JsonObject error = new JsonObject(r.body()).getJsonObject("error");
    assertThat(error.getString("code")).isEqualTo(code);
    assertThat(error.getString("message")).contains(messagePart);
  }

  @Test
  void registersAnAgentAndKeepsItsIdWhenItRegistersAgain() {
    String id = s.register("sensor-1");
    assertThat(id).matches("[A-Za-z0-9._-]{1,64}");
    HttpResponse<String> again = s.agentPost("/api/v1/agents/register",
        "{\"hostname\":\"sensor-1b\",\"os\":\"Linux\",\"ip\":\"10.0.0.6\",\"version\":\"1.1\",\"agent_id\":\"" + id
            + "\"}");
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(again.body()).getString("agent_id")).isEqualTo(id);
    assertThat(s.store.agentCount()).isEqualTo(1);
    assertThat(s.store.agent(id).orElseThrow().hostname()).isEqualTo("sensor-1b");
    for (String ip : new String[] {"2001:db8::5", "fe80::1%eth0", "::ffff:10.0.0.1"}) {
      assertThat(s.agentPost("/api/v1/agents/register", "{\"hostname\":\"h6\",\"ip\":\"" + ip + "\",\"agent_id\":\""
          + id + "\"}").statusCode()).as(ip).isEqualTo(200);
    }
  }

  @Test
  void refusesAMissingOrWrongApiKeyWith401AndThenRateLimitsTheSourceIp() {
    String body = "{\"hostname\":\"h\"}";
    assertError(s.post("/api/v1/agents/register", body), 401, "bad_api_key", "missing X-API-Key");
    assertError(s.post("/api/v1/agents/register", body, "X-API-Key", "wrong"), 401, "bad_api_key", "does not match");
    for (int i = 2; i < ServerLimits.defaults().authFailures(); i++) {
      assertThat(s.post("/api/v1/alerts", "{}", "X-API-Key", "wrong-" + i).statusCode()).isEqualTo(401);
    }
    HttpResponse<String> limited = s.post("/api/v1/agents/register", body, "X-API-Key", TestServer.API_KEY);
    assertError(limited, 429, "rate_limited", "bad API key");
    assertThat(limited.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Long.parseLong(v))
        .isBetween(1L, 300L));
    s.clock.advance(Duration.ofMinutes(5).plusSeconds(1));
    assertThat(s.post("/api/v1/agents/register", body, "X-API-Key", TestServer.API_KEY).statusCode()).isEqualTo(200);
  }

  @Test
  void refusesBadRegistrationsWith400() {
    assertError(s.agentPost("/api/v1/agents/register", "{\"os\":\"Linux\"}"), 400, "bad_request", "hostname");
    assertError(s.agentPost("/api/v1/agents/register", "{\"hostname\":\"h\",\"ip\":\"example.com\"}"), 400,
        "bad_request", "ip: not an IP address");
    assertError(s.agentPost("/api/v1/agents/register", "{\"hostname\":\"h\",\"ip\":\"1.2.3.4%eth0\"}"), 400,
        "bad_request", "ip: not an IP address");
    assertError(s.agentPost("/api/v1/agents/register", "{\"hostname\":\"h\",\"ip\":\"::gg\"}"), 400,
        "bad_request", "ip: not an IP address");
    assertError(s.agentPost("/api/v1/agents/register", "{\"hostname\":\"h\",\"agent_id\":\"../x\"}"), 400,
        "bad_request", "agent_id");
    assertError(s.agentPost("/api/v1/agents/register", "{\"hostname\":\"" + "h".repeat(300) + "\"}"), 400,
        "bad_request", "hostname: longer than 255");
    assertError(s.agentPost("/api/v1/agents/register", "{\"hostname\":"), 400, "bad_request", "malformed JSON");
  }

  @Test
  void refusesANewAgentPastTheAgentLimitWith403ButStillKnowsTheOldOnes() {
    String first = s.register("a");
    s.register("b");
    s.register("c");
    assertError(s.agentPost("/api/v1/agents/register", "{\"hostname\":\"d\"}"), 403, "agent_limit", "3 registered");
    HttpResponse<String> known = s.agentPost("/api/v1/agents/register", "{\"hostname\":\"a\",\"agent_id\":\"" + first
        + "\"}");
    assertThat(known.statusCode()).isEqualTo(200);
  }

  @Test
  void heartbeatsStoreTheCountersAndAnUnknownAgentGets404() {
    String id = s.register("sensor-1");
    HttpResponse<String> ok = s.agentPost("/api/v1/agents/" + id + "/heartbeat",
        "{\"packets\":1200,\"alerts\":3,\"spool_depth\":0}");
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    assertThat(s.store.agent(id).orElseThrow().lastStats()).containsEntry("packets", 1200L);
    assertError(s.agentPost("/api/v1/agents/nobody/heartbeat", "{}"), 404, "unknown_agent", "nobody");
    assertError(s.agentPost("/api/v1/agents/" + id + "/heartbeat", "{\"packets\":\"many\"}"), 400, "bad_request",
        "heartbeat.packets: expected an integer");
    StringBuilder tooMany = new StringBuilder("{");
    for (int i = 0; i <= AgentsApi.MAX_STATS; i++) {
      tooMany.append(i == 0 ? "" : ",").append("\"c").append(i).append("\":1");
    }
    assertError(s.agentPost("/api/v1/agents/" + id + "/heartbeat", tooMany.append('}').toString()), 400,
        "bad_request", "at most 64 counters");
  }

  @Test
  void storesABatchAndCountsRepeatedIdsAsDuplicates() {
    String id = s.register("sensor-1");
    HttpResponse<String> first = s.agentPost("/api/v1/alerts", s.batch(id, "a", 5));
    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    assertThat(new JsonObject(first.body())).isEqualTo(new JsonObject().put("accepted", 5).put("duplicates", 0));
    HttpResponse<String> again = s.agentPost("/api/v1/alerts", s.batch(id, "a", 7));
    assertThat(new JsonObject(again.body())).isEqualTo(new JsonObject().put("accepted", 2).put("duplicates", 5));
    assertThat(s.memory().all()).hasSize(7).allSatisfy(a -> assertThat(a.agentId()).isEqualTo(id));
  }

  @Test
  void acceptsAGzippedBatchAsTheAgentSendsIt() {
    String id = s.register("sensor-1");
    byte[] gz = TestServer.gzip(s.batch(id, "gz", 3).getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> r = s.post("/api/v1/alerts", gz, "X-API-Key", TestServer.API_KEY, "Content-Encoding", "gzip");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(new JsonObject(r.body()).getInteger("accepted")).isEqualTo(3);
  }

  @Test
  void refusesABodyOverOneMegabyteWith413EvenWhenItIsGzipped() {
    String id = s.register("sensor-1");
    String big = "{\"agent_id\":\"" + id + "\",\"alerts\":[],\"pad\":\"" + "x".repeat(1_100_000) + "\"}";
    assertError(s.agentPost("/api/v1/alerts", big), 413, "body_too_large", "1 MB");
    byte[] bomb = TestServer.gzip(big.getBytes(StandardCharsets.UTF_8));
    assertThat(bomb.length).isLessThan(100_000);
    assertError(s.post("/api/v1/alerts", bomb, "X-API-Key", TestServer.API_KEY, "Content-Encoding", "gzip"), 413,
        "body_too_large", "1 MB");
    assertThat(s.memory().all()).isEmpty();
  }

  @Test
  void refusesMalformedJsonWith400SayingWhere() {
    String id = s.register("sensor-1");
    assertError(s.agentPost("/api/v1/alerts", "{\"agent_id\":\"" + id + "\",\"alerts\":[{]}"), 400, "bad_request",
        "malformed JSON at line 1");
    assertError(s.agentPost("/api/v1/alerts", ""), 400, "bad_request", "empty body");
    assertError(s.agentPost("/api/v1/alerts", "[1,2]"), 400, "bad_request", "expected a JSON object");
    assertError(s.agentPost("/api/v1/alerts", "{\"agent_id\":\"" + id + "\"}"), 400, "bad_request",
        "alerts: expected an array");
  }

  @Test
  void refusesEveryBadFieldWith400NamingTheAlertAndTheField() {
    String id = s.register("sensor-1");
    String good = s.alertJson(s.alert("x1", Severity.LOW, "PORT_SCAN", TestServer.START));
    record Case(String from, String to, String message) {}
    List<Case> cases = List.of(
        new Case("\"severity\":\"LOW\"", "\"severity\":\"SEVERE\"", "severity: expected LOW, MEDIUM, HIGH"),
        new Case("\"category\":\"PORT_SCAN\"", "\"category\":\"port scan\"", "category must match [A-Z0-9_]{1,64}"),
        new Case("\"category\":\"PORT_SCAN\"", "\"category\":\"" + "A".repeat(65) + "\"", "category must match"),
        new Case("\"src_ip\":\"192.0.2.7\"", "\"src_ip\":\"192.0.2.999\"", "src_ip: not an IP address"),
        new Case("\"dest_ip\":\"10.0.0.5\"", "\"dest_ip\":\"evil.example\"", "dest_ip: not an IP address"),
        new Case("\"timestamp\":\"", "\"timestamp\":\"yesterday", "timestamp: not an ISO-8601 instant"),
        new Case("\"id\":\"x1\"", "\"id\":\"" + "i".repeat(129) + "\"", "id: longer than 128"),
        new Case("\"message\":\"scan from 192.0.2.7\"", "\"message\":\"" + "m".repeat(2049) + "\"",
            "message: longer than 2048"),
        new Case("\"src_port\":40000", "\"src_port\":70000", "src_port: expected an integer 0-65535"),
        new Case("\"proto\":\"TCP\"", "\"proto\":\"TCP\",\"evil\":1", "evil: unknown field"),
        new Case("\"event_type\":\"alert\"", "\"event_type\":\"stats\"", "event_type: expected \"alert\""),
        new Case("\"proto\":\"TCP\"", "\"proto\":\"TCP\",\"src_mac\":\"zz\"", "src_mac: not a MAC address"),
        new Case("\"ports\":\"15\"", "\"ports\":15", "attributes.ports: expected a string"),
        new Case("\"id\":\"x1\",", "", "id: required"));
    for (Case c : cases) {
      assertThat(good).contains(c.from());
      String bad = good.replace(c.from(), c.to());
      HttpResponse<String> r = s.agentPost("/api/v1/alerts", TestServer.envelope(id, List.of(good.replace("x1", "ok"),
          bad)));
      assertError(r, 400, "bad_request", "alerts[1].");
      assertThat(new JsonObject(r.body()).getJsonObject("error").getString("message")).as(c.to())
          .contains(c.message());
    }
    assertThat(s.memory().all()).as("a batch with one bad alert stores nothing").isEmpty();
  }

  @Test
  void refusesMoreThanAThousandAlertsInOneRequestWith413() {
    String id = s.register("sensor-1");
    String alert = s.alertJson(s.alert("x", Severity.LOW, "PORT_SCAN", TestServer.START));
    assertError(s.agentPost("/api/v1/alerts", TestServer.envelope(id, Collections.nCopies(1001, alert))),
        413, "batch_too_large", "at most 1000 per request");
    assertThat(s.memory().all()).isEmpty();
  }

  @Test
  void answers404ForAlertsFromAnAgentThatIsNotRegistered() {
    assertError(s.agentPost("/api/v1/alerts", s.batch("ghost", "g", 1)), 404, "unknown_agent", "ghost");
  }

  @Test
  void limitsEachAgentToFiftyAlertsPerFiveSecondsWithRetryAfter() {
    String id = s.register("sensor-1");
    String other = s.register("sensor-2");
    assertThat(s.agentPost("/api/v1/alerts", s.batch(id, "r", 30)).statusCode()).isEqualTo(200);
    assertThat(s.agentPost("/api/v1/alerts", s.batch(id, "q", 20)).statusCode()).isEqualTo(200);
    HttpResponse<String> limited = s.agentPost("/api/v1/alerts", s.batch(id, "p", 1));
    assertError(limited, 429, "rate_limited", "over its limit");
    long retry = Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow());
    assertThat(retry).isBetween(1L, 5L);
    assertThat(s.agentPost("/api/v1/alerts", s.batch(other, "o", 10)).statusCode())
        .as("the limit is per agent").isEqualTo(200);
    s.clock.advance(Duration.ofSeconds(retry));
    assertThat(s.agentPost("/api/v1/alerts", s.batch(id, "p", 1)).statusCode()).isEqualTo(200);
    assertThat(s.memory().all()).hasSize(61);
  }

  @Test
  void aBatchLargerThanTheAllowanceIsAcceptedOnceAndThenTheAgentWaitsItOff() {
    String id = s.register("sensor-1");
    assertThat(s.agentPost("/api/v1/alerts", s.batch(id, "big", 200)).statusCode()).isEqualTo(200);
    HttpResponse<String> limited = s.agentPost("/api/v1/alerts", s.batch(id, "next", 1));
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow())).isBetween(15L, 20L);
  }

  @Test
  void everyAnswerCarriesTheSecurityHeadersAndErrorsAreJson() {
    HttpResponse<String> r = s.get("/no/such/route");
    assertError(r, 404, "not_found", "no such route");
    for (HttpResponse<String> any : List.of(r, s.get("/healthz"), s.post("/api/v1/alerts", "{}"))) {
      String csp = any.headers().firstValue("Content-Security-Policy").orElseThrow();
      assertThat(csp).contains("frame-ancestors 'none'").contains("script-src 'self'").doesNotContain("unsafe-inline");
      // The other headers docs/api.md promises on every answer.
      assertThat(any.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
      assertThat(any.headers().firstValue("X-Frame-Options")).hasValue("DENY");
      assertThat(any.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
      assertThat(any.headers().firstValue("Strict-Transport-Security")).hasValueSatisfying(v -> assertThat(v)
          .startsWith("max-age="));
      assertThat(any.headers().firstValue("Cache-Control")).hasValue("no-store");
      assertThat(any.body()).doesNotContain(TestServer.API_KEY);
    }
    assertError(s.send(java.net.http.HttpRequest.newBuilder(s.uri("/api/v1/alerts")).PUT(
        java.net.http.HttpRequest.BodyPublishers.noBody())), 405, "method_not_allowed", "method");
  }
}
