package io.netsentinel.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netsentinel.pki.TlsMaterial;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, as a new user runs it: {@code ./netsentinel} creates its home, starts the server and the
 * agents, prints the dashboard address and the admin password, and the dashboard's API shows the sample's alerts
 * within a minute. Ctrl-C (here SIGTERM) stops every process it started.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class QuickStartIT {
  private static final Path ROOT = Path.of(System.getProperty("testdata.dir", "../testdata")).toAbsolutePath()
      .getParent();
  private static final Path AGENT_JAR = Path.of(System.getProperty("agent.jar", "target/netsentinel-agent.jar"));
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  private Process launcher;

  @AfterEach
  void tearDown() throws Exception {
    if (launcher != null && launcher.isAlive()) {
      List<ProcessHandle> children = launcher.descendants().toList();
      launcher.destroyForcibly();
      children.forEach(ProcessHandle::destroyForcibly);
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** The categories the bundled sample raises, from an offline run of the same agent JAR (not hard-coded). */
  private static Map<String, Integer> sampleCategories() throws Exception {
    Process p = new ProcessBuilder("java", "-jar", AGENT_JAR.toString(), "--read",
        ROOT.resolve("testdata/pcaps").toString(), "--json", "--quiet").redirectErrorStream(false).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    Map<String, Integer> categories = new java.util.TreeMap<>();
    for (String line : out.split("\n")) {
      if (line.contains("\"event_type\":\"alert\"")) {
        categories.merge(JSON.readTree(line).get("category").asText(), 1, Integer::sum);
      }
    }
    return categories;
  }

  @Test
  void theFirstCommandStartsServerAndAgentsAndTheDashboardShowsAlertsWithinAMinute() throws Exception {
    Path script = ROOT.resolve("netsentinel");
    Assumptions.assumeTrue(Files.isRegularFile(ROOT.resolve("app-server/target/netsentinel-server.jar")),
        "skipped: the server JAR is not built");
    Map<String, Integer> expected = sampleCategories();
    assertThat(expected).isNotEmpty();

    Path home = tmp.resolve("home");
    int port = freePort();
    Path out = tmp.resolve("out.txt");
    Path err = tmp.resolve("err.txt");
    ProcessBuilder pb = new ProcessBuilder("bash", script.toString()).directory(ROOT.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().putAll(Map.of("NETSENTINEL_NO_BUILD", "1", "NETSENTINEL_HOME", home.toString(),
        "NETSENTINEL_PORT", String.valueOf(port), "NETSENTINEL_HTTP_PORT", "0"));
    launcher = pb.start();

    Pattern login = Pattern.compile("Login\\s+admin / (\\S+)");
    String printed = "";
    Matcher m = login.matcher(printed);
    for (int i = 0; i < 900 && !m.find(); i++) { // 90 s: the first start creates the CA and keys
      assertThat(launcher.isAlive()).as(Files.readString(err)).isTrue();
      Thread.sleep(100);
      printed = Files.readString(out);
      m = login.matcher(printed);
    }
    assertThat(m.find(0)).as("the password is printed:\n" + printed + Files.readString(err)).isTrue();
    String password = m.group(1);
    assertThat(printed).contains("Dashboard   https://localhost:" + port + "/");
    assertThat(Files.readString(home.resolve("admin-password")).trim()).isEqualTo(password);
    boolean live = printed.contains("Agent       capturing live");
    if ("root".equals(System.getProperty("user.name"))) {
      assertThat(live).as("as root the agent captures live:\n" + printed).isTrue();
    } else {
      assertThat(printed).contains("not capturing live");
    }

    HttpClient client = HttpClient.newBuilder()
        .sslContext(TlsMaterial.clientContext(TlsMaterial.trustManager(home.resolve("server/certs/ca.crt")), null))
        .connectTimeout(Duration.ofSeconds(5)).build();
    URI base = URI.create("https://localhost:" + port);
    HttpResponse<String> session = client.send(HttpRequest.newBuilder(base.resolve("/api/v1/session"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"admin\",\"password\":\"" + password + "\"}"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(session.statusCode()).as(session.body()).isEqualTo(200);
    String cookie = session.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];

    int total = expected.values().stream().mapToInt(Integer::intValue).sum();
    JsonNode stats = null;
    long inTimeline = 0;
    // Within a minute of the banner (plus the slack of a loaded CI machine); alerts stamped a few seconds into a
    // replayed file join the timeline once their minute has come.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      stats = JSON.readTree(get(client, base.resolve("/api/v1/stats"), cookie));
      inTimeline = 0;
      for (JsonNode n : stats.get("timeline")) {
        inTimeline += n.asLong();
      }
      if (stats.get("total").asInt() >= total && inTimeline >= total) {
        break;
      }
      Thread.sleep(500);
    }
    assertThat(stats.get("total").asInt()).as(stats.toString()).isEqualTo(total);
    Set<String> categories = new TreeSet<>();
    stats.get("by_category").fieldNames().forEachRemaining(categories::add);
    assertThat(categories).isEqualTo(expected.keySet());
    // Replayed as if recorded now: the alerts are in the dashboard's last-hour timeline, not years ago.
    assertThat(inTimeline).as(stats.toString()).isEqualTo(total);
    assertThat(stats.get("recent_by_severity").size()).isPositive();

    JsonNode agents = JSON.readTree(get(client, base.resolve("/api/v1/agents"), cookie)).get("agents");
    List<String> hostnames = new ArrayList<>();
    agents.forEach(a -> hostnames.add(a.get("hostname").asText()));
    assertThat(hostnames).anySatisfy(h -> assertThat(h).endsWith("-sample"));
    if (live) {
      assertThat(hostnames).as("the live agent registered at once").hasSize(2);
    }

    List<ProcessHandle> children = launcher.descendants().toList();
    assertThat(children).hasSizeGreaterThanOrEqualTo(2);
    launcher.destroy(); // SIGTERM, as systemd or Ctrl-C would
    assertThat(launcher.waitFor(40, TimeUnit.SECONDS)).as(Files.readString(err)).isTrue();
    assertThat(launcher.exitValue()).isEqualTo(143);
    for (ProcessHandle child : children) {
      assertThat(child.onExit().get(10, TimeUnit.SECONDS).isAlive()).isFalse();
    }
    assertThat(Files.readString(err)).contains("stopping");
  }

  private static String get(HttpClient client, URI uri, String cookie) throws Exception {
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).header("Cookie", cookie).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(uri + ": " + r.body()).isEqualTo(200);
    return r.body();
  }
}
