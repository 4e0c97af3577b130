package io.netsentinel.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netsentinel.api.Alert;
import io.netsentinel.api.Severity;
import java.io.File;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser: Debian's headless Chromium against a real HTTPS server (test CA, in-memory store,
 * hand-moved clock). The steps run in order on one logged-in page. Without Chromium the test fails (CI installs
 * {@code chromium chromium-driver}); it is never skipped.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {
  private static final File CHROMIUM = new File("/usr/bin/chromium");
  private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
  private static final Path SHOTS = Paths.get("target", "dashboard-screenshots");
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final int SEEDED = 70; // more than one feed page (50), so scrolling pages with the cursor

  private Path dir;
  private Path downloads;
  private Path profile;
  private TestServer s;
  private ChromeDriver driver;
  private WebDriverWait wait;
  private String sensor1;
  private String sensor2;
  private final ObjectMapper json = new ObjectMapper();
  private int posted;

  @BeforeAll
  void start() throws Exception {
    assertThat(CHROMIUM.canExecute() && CHROMEDRIVER.canExecute())
        .as("the dashboard test needs Debian's Chromium: apt-get install chromium chromium-driver"
            + " (/usr/bin/chromium and /usr/bin/chromedriver); .ci/run installs them")
        .isTrue();
    dir = Files.createTempDirectory("netsentinel-dashboard");
    // Documented limits, except: a fast offline check (the clock is moved by hand) and room for the seed batch.
    ServerLimits d = ServerLimits.defaults();
    ServerLimits limits = new ServerLimits(d.maxBodyBytes(), 10_000, d.alertWindow(), d.maxAgents(),
        d.offlineAfter(), Duration.ofMillis(200), d.sessionIdle(), d.authFailures(), d.authFailureWindow(),
        d.maxSessions());
    s = TestServer.start(dir.resolve("server"), limits);
    sensor1 = s.register("sensor-1");
    sensor2 = register("sensor-2", "FreeBSD 14", "10.0.0.6");
    seed();

    profile = Files.createTempDirectory("netsentinel-chromium");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", "--user-data-dir=" + profile, "--window-size=1280,800",
        // The server's certificate comes from the throwaway test CA made by TestServer, which this fresh browser
        // profile cannot trust otherwise; nothing else is loaded by this browser.
        "--ignore-certificate-errors");
    downloads = Files.createTempDirectory("netsentinel-downloads");
    options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
        "download.prompt_for_download", false, "safebrowsing.enabled", false));
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER)
        .usingAnyFreePort().build();
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(WAIT).scriptTimeout(WAIT);
    wait = new WebDriverWait(driver, WAIT, Duration.ofMillis(50));
    wait.ignoring(StaleElementReferenceException.class);
    Files.createDirectories(SHOTS);
  }

  @AfterAll
  void stop() {
    if (driver != null) {
      driver.quit();
    }
    if (s != null) {
      s.close();
    }
    for (Path p : new Path[] {dir, profile, downloads}) {
      deleteTree(p);
    }
  }

  private static void deleteTree(Path root) {
    if (root == null) {
      return;
    }
    try (java.util.stream.Stream<Path> walk = Files.walk(root)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: a temp directory left behind is harmless
    }
  }

  // ------------------------------------------------------------------ steps

  @Test
  @Order(1)
  void anUnauthenticatedVisitorSeesTheLoginFormAndSignsInThroughIt() {
    driver.get(s.uri("/").toString());
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-form")));
    assertThat(driver.findElement(By.id("app-view")).isDisplayed()).isFalse();
    screenshot("login");
    driver.findElement(By.id("login-user")).sendKeys(TestServer.USER);
    driver.findElement(By.id("login-password")).sendKeys("wrong password");
    driver.findElement(By.id("login-submit")).click();
    wait.until(d -> d.findElement(By.id("login-error")).getText().contains("Wrong user name or password"));
    driver.findElement(By.id("login-password")).clear();
    driver.findElement(By.id("login-password")).sendKeys(TestServer.PASSWORD);
    driver.findElement(By.id("login-submit")).click();
    wait.until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-ready")));
    assertThat(driver.findElement(By.id("login-view")).isDisplayed()).isFalse();
    assertThat(driver.findElement(By.id("user-name")).getText()).isEqualTo(TestServer.USER);
    wait.until(d -> "live".equals(d.findElement(By.id("conn")).getAttribute("data-state")));
    assertThat(driver.findElement(By.id("conn-text")).getText()).isEqualTo("LIVE");
  }

  @Test
  @Order(2)
  void overviewShowsTheGaugeCountersTimelineCategoriesAndSevereEvents() throws Exception {
    click("tab-overview");
    wait.until(d -> text("count-total").equals(String.valueOf(posted)));
    assertThat(text("count-CRITICAL")).isEqualTo("10");
    assertThat(text("count-HIGH")).isEqualTo("20");
    assertThat(text("count-MEDIUM")).isEqualTo("20");
    assertThat(text("count-LOW")).isEqualTo("20");
    // 10 CRITICAL in the last 15 minutes score 250: CRITICAL.
    assertThat(driver.findElement(By.id("gauge")).getAttribute("data-level")).isEqualTo("CRITICAL");
    assertThat(text("gauge-level")).isEqualTo("CRITICAL");
    assertThat(driver.findElement(By.id("gauge-arc")).getAttribute("class")).contains("level-CRITICAL");
    assertThat(chartTotal("chart-sparkline")).isEqualTo(posted);
    assertThat(chartTotal("chart-top-categories")).isPositive();
    assertThat(text("agents-known")).isEqualTo("2");
    List<WebElement> severe = driver.findElements(By.cssSelector("#latest-severe li"));
    assertThat(severe).hasSize(15);
    assertThat(severe.get(0).getText()).contains("CRITICAL");
    Thread.sleep(1200); // let the gauge and charts finish their animation for the picture
    screenshot("overview");
  }

  @Test
  @Order(3)
  void theLiveFeedListsAlertsNewestFirstAndPagesOlderOnesOnScroll() {
    click("tab-feed");
    wait.until(d -> rows().size() == 50);
    assertThat(rows().get(0).getAttribute("data-id")).isEqualTo("seed-" + (SEEDED - 1));
    js("const s = document.getElementById('feed-scroll'); s.scrollTop = s.scrollHeight;");
    wait.until(d -> rows().size() == SEEDED);
    assertThat(rows().get(SEEDED - 1).getAttribute("data-id")).isEqualTo("seed-0");
    assertThat(text("feed-status")).contains("end of list");
    js("document.getElementById('feed-scroll').scrollTop = 0;");
  }

  @Test
  @Order(4)
  void alertsPostedByAnAgentAppearWithinTwoSecondsAndBadgeTheTab() {
    click("tab-overview");
    post(sensor1, alert("live-1", Severity.HIGH, "DNS_TUNNEL", "long TXT queries to t.example", "192.0.2.50"));
    wait.until(d -> d.findElement(By.id("feed-badge")).isDisplayed() && text("feed-badge").equals("1"));
    click("tab-feed");
    assertThat(driver.findElement(By.id("feed-badge")).isDisplayed()).isFalse();
    assertThat(rows().get(0).getAttribute("data-id")).isEqualTo("live-1");

    long t0 = System.nanoTime();
    post(sensor2, alert("live-2", Severity.CRITICAL, "ARP_SPOOF", "gateway MAC changed", "192.0.2.51"));
    new WebDriverWait(driver, Duration.ofSeconds(2), Duration.ofMillis(25))
        .ignoring(StaleElementReferenceException.class).until(d -> "live-2".equals(rows().get(0).getAttribute("data-id")));
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
    assertThat(rows()).hasSize(SEEDED + 2);
  }

  @Test
  @Order(5)
  void aClickExpandsTheFullAlert() {
    WebElement row = rows().get(0);
    WebElement detail = row.findElement(By.xpath("following-sibling::tr[1]"));
    assertThat(detail.isDisplayed()).isFalse();
    row.click();
    wait.until(d -> detail.isDisplayed());
    assertThat(detail.getText()).contains("live-2").contains("gateway MAC changed").contains("ARP_SPOOF")
        .contains("attributes.rule").contains("t-live-2").contains("dest_port").contains("sensor-live");
    row.click();
    wait.until(d -> !detail.isDisplayed());
  }

  @Test
  @Order(6)
  void theSeverityChipsAndTheServerSideSearchNarrowTheList() {
    driver.findElement(By.cssSelector(".chip[data-severity='CRITICAL']")).click();
    wait.until(d -> rows().size() == 11);
    assertThat(rows()).allSatisfy(r -> assertThat(r.getAttribute("data-severity")).isEqualTo("CRITICAL"));
    driver.findElement(By.cssSelector(".chip[data-severity='']")).click();
    wait.until(d -> rows().size() == 50);

    driver.findElement(By.id("search")).sendKeys("ssh brute");
    wait.until(d -> rows().size() == 5);
    assertThat(rows()).allSatisfy(r -> assertThat(r.getText().toLowerCase()).contains("ssh brute"));
    // A live alert that matches the search joins the narrowed list; one that does not stays out of it.
    post(sensor1, alert("live-3", Severity.LOW, "BRUTE_FORCE", "SSH brute force, 40 attempts", "198.51.100.9"),
        alert("live-4", Severity.LOW, "PORT_SCAN", "SYN scan of 100 ports", "198.51.100.10"));
    wait.until(d -> rows().size() == 6);
    assertThat(rows().get(0).getAttribute("data-id")).isEqualTo("live-3");
    driver.findElement(By.id("search")).clear();
    js("const e = document.getElementById('search'); e.value = ''; e.dispatchEvent(new Event('input'));");
    wait.until(d -> rows().size() == 50);
    screenshot("live-feed");
  }

  @Test
  @Order(7)
  void anAlertMessageWithHtmlIsShownAsTextAndNeverRuns() {
    String evil = "<img src=x onerror=\"window.__netsentinelXss=1\"><script>window.__netsentinelXss=2</script>";
    post(sensor1, alert("evil-1", Severity.MEDIUM, "HTTP_ATTACK", evil, "203.0.113.66"));
    wait.until(d -> "evil-1".equals(rows().get(0).getAttribute("data-id")));
    WebElement row = rows().get(0);
    assertThat(row.findElement(By.cssSelector("td.msg")).getText()).isEqualTo(evil);
    row.click();
    wait.until(d -> row.findElement(By.xpath("following-sibling::tr[1]")).isDisplayed());
    assertThat(driver.findElements(By.tagName("img"))).isEmpty();
    assertThat(driver.findElements(By.cssSelector("main script"))).isEmpty();
    assertThat(js("return window.__netsentinelXss === undefined;")).isEqualTo(true);
    row.click();
  }

  @Test
  @Order(8)
  void agentsShowOneCardEachAndAnAgentFlipsToOfflineWithoutAReload() {
    click("tab-agents");
    wait.until(d -> cards().size() == 2);
    WebElement one = card(sensor1);
    assertThat(one.getAttribute("data-status")).isEqualTo("online");
    assertThat(one.getText()).contains("sensor-1").contains("10.0.0.5").contains("Linux").contains("ONLINE")
        .contains("2026-06-01").contains("alerts");
    WebElement two = card(sensor2);
    assertThat(two.getText()).contains("sensor-2").contains("10.0.0.6").contains("FreeBSD 14");
    // The alert count follows the stream.
    String before = fieldOf(sensor2, "alerts");
    post(sensor2, alert("live-5", Severity.LOW, "PORT_SCAN", "slow scan", "198.51.100.11"));
    wait.until(d -> Integer.parseInt(fieldOf(sensor2, "alerts")) == Integer.parseInt(before) + 1);
    screenshot("agents");

    Object marker = js("window.__noReload = 'same page'; return window.__noReload;");
    s.clock.advance(Duration.ofSeconds(60));
    HttpResponse<String> hb = s.agentPost("/api/v1/agents/" + sensor2 + "/heartbeat", "{\"packets\": 5}");
    assertThat(hb.statusCode()).isEqualTo(200);
    s.clock.advance(Duration.ofSeconds(31)); // sensor-1: 91 s without a heartbeat; sensor-2: 31 s
    wait.until(d -> "offline".equals(card(sensor1).getAttribute("data-status")));
    assertThat(card(sensor1).getText()).contains("OFFLINE");
    assertThat(card(sensor2).getAttribute("data-status")).isEqualTo("online");
    assertThat(js("return window.__noReload;")).isEqualTo(marker);
    screenshot("agents-offline");
  }

  @Test
  @Order(9)
  void analyticsShowsTheDonutTopSourcesRateAndCategories() throws Exception {
    click("tab-analytics");
    int total = posted;
    wait.until(d -> chartTotal("chart-donut") == total);
    assertThat(chartTotal("chart-categories")).isEqualTo(total);
    assertThat(chartTotal("chart-rate")).isPositive();
    List<WebElement> sources = driver.findElements(By.cssSelector("#sources-body tr"));
    assertThat(sources).hasSize(10);
    assertThat(sources.get(0).getText()).contains("192.0.2.");
    Thread.sleep(1000);
    screenshot("analytics");
  }

  @Test
  @Order(10)
  void exportDownloadsEveryAlertAsJson() throws Exception {
    WebElement export = driver.findElement(By.id("export"));
    assertThat(export.getAttribute("href")).endsWith("/api/v1/export");
    assertThat(export.getAttribute("download")).isEqualTo("netsentinel-alerts.json");
    // A click on the button saves the file.
    export.click();
    Path file = downloads.resolve("netsentinel-alerts.json");
    wait.until(d -> Files.isRegularFile(file) && isJsonArray(file));
    JsonNode saved = json.readTree(file.toFile());
    assertThat(saved.size()).isEqualTo(posted);
    // And the same answer, fetched by the page itself with its session, has the attachment header.
    Object result = driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
        + "fetch('/api/v1/export').then(r => r.text().then(t => done({status: r.status,"
        + " disposition: r.headers.get('Content-Disposition'), body: t}))).catch(e => done({error: String(e)}));");
    @SuppressWarnings("unchecked")
    Map<String, Object> r = (Map<String, Object>) result;
    assertThat(r.get("status")).as(String.valueOf(r.get("error"))).isEqualTo(200L);
    assertThat((String) r.get("disposition")).contains("attachment").contains("netsentinel-alerts.json");
    JsonNode alerts = json.readTree((String) r.get("body"));
    assertThat(alerts.isArray()).isTrue();
    assertThat(alerts.size()).isEqualTo(posted);
    List<String> ids = new ArrayList<>();
    alerts.forEach(a -> ids.add(a.get("id").asText()));
    assertThat(ids).contains("seed-0", "seed-69", "live-1", "live-5", "evil-1").doesNotHaveDuplicates();
  }

  @Test
  @Order(11)
  void logoutReturnsToTheLoginForm() {
    // Everything so far ran within the strict Content-Security-Policy.
    assertThat(driver.findElement(By.tagName("body")).getAttribute("data-csp-violations")).isNull();
    // (And the counter works: an inline style attribute is refused and counted.)
    js("const d = document.createElement('div'); d.setAttribute('style', 'color: red'); document.body.append(d);");
    wait.until(d -> "1".equals(d.findElement(By.tagName("body")).getAttribute("data-csp-violations")));
    click("logout");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-form")));
    assertThat(driver.findElement(By.id("app-view")).isDisplayed()).isFalse();
    assertThat(driver.findElement(By.id("conn")).getAttribute("data-state")).isEqualTo("down");
    driver.navigate().refresh();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-form")));
  }

  @Test
  @Order(12)
  void aStreamClosedByAnExpiredSessionEndsOnTheLoginFormNotInAReconnectLoop() {
    driver.findElement(By.id("login-user")).sendKeys(TestServer.USER);
    driver.findElement(By.id("login-password")).sendKeys(TestServer.PASSWORD);
    click("login-submit");
    wait.until(d -> "live".equals(d.findElement(By.id("conn")).getAttribute("data-state")));
    s.clock.advance(Duration.ofMinutes(31)); // the session is idle for longer than 30 minutes
    post(sensor2, alert("after-expiry", Severity.LOW, "PORT_SCAN", "late scan", "198.51.100.12"));
    // The server closes the socket (1008) instead of sending the event; the page backs off, asks whether its
    // session is still live before reconnecting, and shows the login form.
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-form")));
    assertThat(text("login-error")).contains("session has ended");
    assertThat(driver.findElement(By.id("conn")).getAttribute("data-state")).isEqualTo("down");
    assertThat(driver.findElements(By.cssSelector("#feed-body tr.row[data-id='after-expiry']"))).isEmpty();
  }

  // ------------------------------------------------------------------ seed data and helpers

  private void seed() {
    // 70 alerts over the last 30 minutes: 10 CRITICAL, 20 HIGH, 20 MEDIUM, 20 LOW; 5 of them SSH brute force.
    List<String> batch = new ArrayList<>();
    Instant now = s.clock.instant();
    String[] categories = {"PORT_SCAN", "BRUTE_FORCE", "DNS_TUNNEL", "ARP_SPOOF", "C2_BEACON"};
    for (int i = 0; i < SEEDED; i++) {
      Severity sev = i < 10 ? Severity.LOW : i < 30 ? Severity.MEDIUM : i < 50 ? Severity.HIGH
          : i < 60 ? Severity.LOW : Severity.CRITICAL;
      boolean ssh = i % 14 == 3;
      String category = ssh ? "BRUTE_FORCE" : categories[i % categories.length].equals("BRUTE_FORCE") ? "PORT_SCAN"
          : categories[i % categories.length];
      String message = ssh ? "SSH brute force from " + src(i) : category.toLowerCase().replace('_', ' ') + " #" + i;
      Alert a = new Alert("seed-" + i, now.minusSeconds(30L * (SEEDED - i)), sev, category, "det-" + i % 3, message,
          src(i), 40000 + i, "10.0.0.5", 22, "TCP", null, null, "sensor-1", "Linux", Map.of("rule", "r" + i));
      batch.add(s.alertJson(a));
    }
    HttpResponse<String> r = s.agentPost("/api/v1/alerts", TestServer.envelope(sensor1, batch));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    posted += SEEDED;
  }

  private boolean isJsonArray(Path file) {
    try {
      return json.readTree(file.toFile()).isArray();
    } catch (IOException e) {
      return false; // still being written
    }
  }

  private static String src(int i) {
    return "192.0.2." + (1 + i % 12);
  }

  private String register(String host, String os, String ip) {
    HttpResponse<String> r = s.agentPost("/api/v1/agents/register",
        "{\"hostname\":\"" + host + "\",\"os\":\"" + os + "\",\"ip\":\"" + ip + "\",\"version\":\"1.0\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new io.vertx.core.json.JsonObject(r.body()).getString("agent_id");
  }

  private Alert alert(String id, Severity severity, String category, String message, String src) {
    return new Alert(id, s.clock.instant(), severity, category, "test", message, src, 51000, "10.0.0.6", 443, "TCP",
        null, null, "sensor-live", "FreeBSD 14", Map.of("rule", "t-" + id));
  }

  private void post(String agentId, Alert... alerts) {
    List<String> list = new ArrayList<>();
    for (Alert a : alerts) {
      list.add(s.alertJson(a));
    }
    HttpResponse<String> r = s.agentPost("/api/v1/alerts", TestServer.envelope(agentId, list));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    posted += alerts.length;
  }

  private List<WebElement> rows() {
    return driver.findElements(By.cssSelector("#feed-body tr.row"));
  }

  private List<WebElement> cards() {
    return driver.findElements(By.cssSelector("#agent-cards .agent-card"));
  }

  private WebElement card(String agentId) {
    return driver.findElement(By.cssSelector("#agent-cards .agent-card[data-agent-id='" + agentId + "']"));
  }

  private String fieldOf(String agentId, String name) {
    List<WebElement> dts = card(agentId).findElements(By.tagName("dt"));
    for (WebElement dt : dts) {
      if (dt.getText().equals(name)) {
        return dt.findElement(By.xpath("following-sibling::dd[1]")).getText();
      }
    }
    throw new AssertionError("no field " + name + " on the card of " + agentId);
  }

  private String text(String id) {
    return driver.findElement(By.id(id)).getText();
  }

  private long chartTotal(String canvasId) {
    String t = driver.findElement(By.id(canvasId)).getAttribute("data-total");
    return t == null ? -1 : Long.parseLong(t);
  }

  private void click(String id) {
    driver.findElement(By.id(id)).click();
  }

  private Object js(String script) {
    return ((JavascriptExecutor) driver).executeScript(script);
  }

  private void screenshot(String name) {
    try {
      Path png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
      Files.copy(png, SHOTS.resolve("dashboard-" + name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
