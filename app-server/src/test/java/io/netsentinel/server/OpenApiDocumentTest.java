package io.netsentinel.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class OpenApiDocumentTest extends ServerTestBase {
  /**
   * Routes that only guard others (the API-key check in front of every {@code /api/v1/agents/...} route) and serve
   * nothing themselves; the operations behind them are documented.
   */
  private static final Set<String> GUARDS = Set.of("POST /api/v1/agents/{path}");
  private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch",
      "trace");

  final ObjectMapper mapper = new ObjectMapper();

  @Test
  void servesAnOpenApi31DocumentOverHttpsWithoutLogin() throws Exception {
    HttpResponse<String> r = s.get("/api/v1/openapi.json");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
    assertThat(r.headers().firstValue("Content-Security-Policy")).hasValue(SecurityHeaders.CSP);
    assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");

    JsonNode doc = mapper.readTree(r.body());
    assertThat(doc.path("openapi").asText()).startsWith("3.1.");
    assertThat(doc.path("info").path("title").asText()).isNotBlank();
    assertThat(doc.path("paths").size()).isGreaterThan(10);
    assertThat(doc.at("/components/securitySchemes/apiKey/in").asText()).isEqualTo("header");
    assertThat(doc.at("/components/securitySchemes/apiKey/name").asText()).isEqualTo("X-API-Key");
    assertThat(doc.at("/components/securitySchemes/session/in").asText()).isEqualTo("cookie");
    assertThat(doc.at("/components/securitySchemes/session/name").asText()).isEqualTo(SessionApi.COOKIE);
    assertThat(r.body()).doesNotContain(TestServer.API_KEY);
  }

  @Test
  void everyReferenceInTheDocumentResolves() throws Exception {
    JsonNode doc = mapper.readTree(s.get("/api/v1/openapi.json").body());
    List<String> refs = new ArrayList<>();
    collectRefs(doc, refs);
    assertThat(refs).isNotEmpty();
    for (String ref : refs) {
      assertThat(ref).startsWith("#/");
      assertThat(doc.at(ref.substring(1)).isMissingNode()).as("unresolved $ref %s", ref).isFalse();
    }
  }

  @Test
  void agentRoutesNeedTheApiKeyAndDashboardRoutesTheSessionCookie() throws Exception {
    JsonNode paths = mapper.readTree(s.get("/api/v1/openapi.json").body()).path("paths");
    assertThat(securityOf(paths, "/api/v1/agents/register", "post")).isEqualTo("apiKey");
    assertThat(securityOf(paths, "/api/v1/agents/{id}/heartbeat", "post")).isEqualTo("apiKey");
    assertThat(securityOf(paths, "/api/v1/alerts", "post")).isEqualTo("apiKey");
    for (String p : List.of("/api/v1/alerts", "/api/v1/agents", "/api/v1/stats", "/api/v1/export", "/api/v1/stream",
        "/api/v1/session")) {
      assertThat(securityOf(paths, p, "get")).as(p).isEqualTo("session");
    }
    for (String p : List.of("/healthz", "/metrics", "/api/v1/openapi.json")) {
      assertThat(securityOf(paths, p, "get")).as(p).isEqualTo("none");
    }
  }

  @Test
  void documentsExactlyTheRoutesTheRouterServes() throws Exception {
    Router router = s.injector.getInstance(ApiRouter.class).build();
    Set<String> served = new TreeSet<>();
    for (Route route : router.getRoutes()) {
      if (route.getPath() == null) {
        continue; // handlers for every request: metrics, security headers, the failure handler
      }
      Set<HttpMethod> methods = route.methods();
      assertThat(methods).as("route %s answers every method; give it one", route.getPath()).isNotEmpty();
      for (HttpMethod m : methods) {
        served.add(m.name() + " " + openApiPath(route));
      }
    }
    served.removeAll(GUARDS);

    JsonNode paths = mapper.readTree(s.get("/api/v1/openapi.json").body()).path("paths");
    Set<String> documented = new TreeSet<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> path = it.next();
      for (Iterator<String> ops = path.getValue().fieldNames(); ops.hasNext(); ) {
        String op = ops.next();
        if (HTTP_METHODS.contains(op)) {
          documented.add(op.toUpperCase(Locale.ROOT) + " " + path.getKey());
        }
      }
    }

    assertThat(served).as("routes in ApiRouter (left) against operations in openapi.json").isEqualTo(documented);
    assertThat(served).contains("GET /api/v1/openapi.json", "POST /api/v1/agents/{id}/heartbeat", "GET /assets/{path}");
  }

  /** {@code /api/v1/agents/:id/heartbeat} → {@code /api/v1/agents/{id}/heartbeat}; a wildcard route gets {@code {path}}. */
  private static String openApiPath(Route route) {
    String path = route.getPath().replaceAll(":([A-Za-z][A-Za-z0-9_]*)", "{$1}");
    if (!route.isExactPath()) {
      path = (path.endsWith("*") ? path.substring(0, path.length() - 1) : path);
      path = (path.endsWith("/") ? path : path + "/") + "{path}";
    }
    return path;
  }

  private static String securityOf(JsonNode paths, String path, String method) {
    JsonNode security = paths.path(path).path(method).path("security");
    assertThat(security.isArray()).as("%s %s states its security", method, path).isTrue();
    return security.isEmpty() ? "none" : security.get(0).fieldNames().next();
  }

  private static void collectRefs(JsonNode node, List<String> into) {
    if (node.isObject()) {
      JsonNode ref = node.get("$ref");
      if (ref != null) {
        into.add(ref.asText());
      }
      node.elements().forEachRemaining(child -> collectRefs(child, into));
    } else if (node.isArray()) {
      node.elements().forEachRemaining(child -> collectRefs(child, into));
    }
  }
}
