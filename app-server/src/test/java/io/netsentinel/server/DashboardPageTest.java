package io.netsentinel.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The dashboard's static files, over plain HTTPS (DashboardBrowserTest drives them in Chromium). */
class DashboardPageTest extends ServerTestBase {
  @Test
  void servesThePageWithoutASessionAndWithTheStrictPolicy() {
    HttpResponse<String> page = s.get("/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
    String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
    assertThat(csp).isEqualTo(SecurityHeaders.CSP).contains("frame-ancestors 'none'").doesNotContain("unsafe");
    assertThat(page.headers().firstValue("X-Frame-Options")).contains("DENY");
    assertThat(page.body()).contains("id=\"login-form\"").doesNotContain(TestServer.API_KEY);
    // No inline script, no inline style, no event-handler attributes, nothing from another host.
    assertThat(Pattern.compile("<script(?![^>]*\\bsrc=)").matcher(page.body()).find()).isFalse();
    assertThat(page.body()).doesNotContain("<style").doesNotContain("style=").doesNotContain("javascript:");
    assertThat(Pattern.compile("\\son[a-z]+=").matcher(page.body()).find()).isFalse();
    assertThat(page.body()).doesNotContain("http://").doesNotContain("https://");
  }

  @Test
  void theApiGuideQuotesThePolicyTheServerSends() throws Exception {
    String guide = java.nio.file.Files.readString(java.nio.file.Path.of("../docs/api.md")).replaceAll("\\s+", " ");
    assertThat(guide).contains("`Content-Security-Policy: " + s.get("/").headers()
        .firstValue("Content-Security-Policy").orElseThrow() + "`");
  }

  @Test
  void servesTheModulesAndChartJsFromTheJar() {
    for (String path : new String[] {"/assets/app.js", "/assets/api.js", "/assets/dom.js", "/assets/stream.js",
        "/assets/charts.js", "/webjars/chart.js/4.5.1/dist/chart.umd.min.js"}) {
      HttpResponse<String> r = s.get(path);
      assertThat(r.statusCode()).as(path).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type").orElseThrow()).as(path).contains("javascript");
      assertThat(r.headers().firstValue("Content-Security-Policy")).as(path).isPresent();
    }
    HttpResponse<String> css = s.get("/assets/dashboard.css");
    assertThat(css.statusCode()).isEqualTo(200);
    assertThat(css.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/css");
    // The page's own code never writes HTML from strings.
    for (String path : new String[] {"/assets/app.js", "/assets/dom.js", "/assets/charts.js", "/assets/stream.js"}) {
      assertThat(s.get(path).body()).as(path).doesNotContain("innerHTML").doesNotContain("outerHTML")
          .doesNotContain("insertAdjacentHTML").doesNotContain("eval(").doesNotContain("new Function");
    }
  }

  @Test
  void unknownFilesAreJson404sAndTheSessionRouteNeedsALogin() {
    AgentRoutesTest.assertError(s.get("/assets/nope.js"), 404, "not_found", "no such route");
    AgentRoutesTest.assertError(s.get("/assets/../../logback.xml"), 404, "not_found", "no such route");
    AgentRoutesTest.assertError(s.get("/api/v1/session"), 401, "not_logged_in", "log in");
    HttpResponse<String> me = s.get("/api/v1/session", "Cookie", s.login());
    assertThat(me.statusCode()).isEqualTo(200);
    assertThat(new io.vertx.core.json.JsonObject(me.body()).getString("user")).isEqualTo(TestServer.USER);
  }
}
