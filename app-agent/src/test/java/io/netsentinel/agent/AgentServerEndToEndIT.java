package io.netsentinel.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netsentinel.capture.NetnsLab;
import io.netsentinel.capture.NetnsLabExtension;
import io.netsentinel.pki.TlsMaterial;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole chain, as deployed: the packaged server ({@code init}, then serving), the packaged agent capturing live on
 * a veth whose peer is in a network namespace, real {@code nmap} and {@code hping3} attacks from that namespace, and
 * the alerts read back through the dashboard API; then the server goes down, the agent spools, and the spooled alerts
 * arrive once it is back. Needs root, {@code ip}, {@code nmap}, {@code hping3} and the server jar.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class AgentServerEndToEndIT {
  private static final Path AGENT_JAR = Path.of(System.getProperty("agent.jar", "target/netsentinel-agent.jar"));
  private static final Path SERVER_JAR =
      Path.of(System.getProperty("server.jar", "../app-server/target/netsentinel-server.jar"));
  private static final String PASSWORD = "e2e-admin-password-42";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  @RegisterExtension final NetnsLabExtension netns = new NetnsLabExtension();
  private final List<Process> processes = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    for (String tool : new String[] {"nmap", "hping3"}) {
      Assumptions.assumeTrue(NetnsLab.onPath(tool),
          () -> "skipped: " + tool + " is not installed (apt-get install " + tool + ")");
    }
    Assumptions.assumeTrue(Files.isRegularFile(SERVER_JAR),
        () -> "skipped: no server jar at " + SERVER_JAR.toAbsolutePath() + " (build app-server first)");
  }

  @AfterEach
  void tearDown() throws Exception {
    for (Process p : processes) {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
  }


  private static String run(int timeoutSeconds, String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("timed out: " + String.join(" ", command));
    }
    return new String(out, StandardCharsets.UTF_8);
  }

  private Process startServer(Path dir, int port, String tag) throws Exception {
    Path out = tmp.resolve("server-" + tag + ".out");
    Path err = tmp.resolve("server-" + tag + ".err");
    Process p = new ProcessBuilder("java", "-jar", SERVER_JAR.toString(), "--config",
        dir.resolve("sentinel_config.json").toString(), "--port", Integer.toString(port), "--listen", "127.0.0.1")
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    processes.add(p);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!Files.readString(out).contains("listening on")) {
      if (!p.isAlive() || System.nanoTime() > deadline) {
        throw new AssertionError("the server did not start: " + Files.readString(out) + Files.readString(err));
      }
      Thread.sleep(100);
    }
    return p;
  }

  /** The server's alerts from {@code src}, by id, through a dashboard session. */
  private static Set<String> alertsFrom(HttpClient client, int port, String src, Predicate<String> category)
      throws Exception {
    HttpResponse<String> login = client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port
        + "/api/v1/session")).timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(
            "{\"username\":\"admin\",\"password\":\"" + PASSWORD + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
    String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
    HttpResponse<String> page = client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port
        + "/api/v1/alerts?limit=1000")).timeout(Duration.ofSeconds(10)).header("Cookie", cookie).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
    Set<String> ids = new HashSet<>();
    for (JsonNode a : JSON.readTree(page.body()).get("alerts")) {
      if (src.equals(a.path("src_ip").asText()) && category.test(a.path("category").asText())) {
        ids.add(a.path("id").asText());
      }
    }
    return ids;
  }

  private static Set<String> await(String what, long seconds, java.util.concurrent.Callable<Set<String>> poll,
      Predicate<Set<String>> done) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    Set<String> last = Set.of();
    while (System.nanoTime() < deadline) {
      try {
        last = poll.call();
        if (done.test(last)) {
          return last;
        }
      } catch (IOException notYet) {
        // The server is still coming up.
      }
      Thread.sleep(500);
    }
    throw new AssertionError(what + " within " + seconds + " s; last seen: " + last);
  }

  private void nmap(String ports) throws Exception {
    run(30, "ip", "netns", "exec", netns.lab().namespace, "timeout", "25", "nmap", "-n", "-Pn", "-sS", "-p", ports,
        "--max-retries", "0", "-T4", netns.lab().hostIp);
  }

  @Test
  void realScansFromTheNamespaceReachTheServerAndSpooledAlertsArriveAfterItsRestart() throws Exception {
    Path srv = tmp.resolve("srv");
    Path password = tmp.resolve("admin.txt");
    Files.writeString(password, PASSWORD + "\n");
    String init = run(60, "java", "-jar", SERVER_JAR.toString(), "init", "--dir", srv.toString(), "--san",
        "localhost", "--admin-password-file", password.toString());
    assertThat(srv.resolve("sentinel_config.json")).as(init).exists();

    // The agent's copy: the config and ca.crt, its own data folder, and a short cooldown for the second round.
    Path agentDir = tmp.resolve("agent");
    Files.createDirectories(agentDir.resolve("certs"));
    Files.copy(srv.resolve("certs/ca.crt"), agentDir.resolve("certs/ca.crt"));
    String config = Files.readString(srv.resolve("sentinel_config.json"))
        .replaceFirst("\"data_dir\"\\s*:\\s*\"data\"", "\"data_dir\": \"agent-data\", \"alert_cooldown\": 1");
    assertThat(config).contains("alert_cooldown");
    Files.writeString(agentDir.resolve("sentinel_config.json"), config);

    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    HttpClient client = HttpClient.newBuilder()
        .sslContext(TlsMaterial.clientContext(TlsMaterial.trustManager(srv.resolve("certs/ca.crt")), null))
        .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(3)).build();
    Process server = startServer(srv, port, "1");

    Path agentOut = tmp.resolve("agent.out");
    Path agentErr = tmp.resolve("agent.err");
    Process agent = new ProcessBuilder("java", "-jar", AGENT_JAR.toString(), "-c",
        agentDir.resolve("sentinel_config.json").toString(), "--iface", netns.lab().hostIface, "--server",
        "https://localhost:" + port, "--json", "--no-event-log", "--http-port", "0", "--duration", "100")
        .redirectOutput(agentOut.toFile()).redirectError(agentErr.toFile()).start();
    processes.add(agent);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!Files.readString(agentErr).contains("capturing live")) {
      assertThat(agent.isAlive()).as(Files.readString(agentErr)).isTrue();
      assertThat(System.nanoTime()).as("agent started: " + Files.readString(agentErr)).isLessThan(deadline);
      Thread.sleep(100);
    }

    nmap("1-200");
    run(15, "ip", "netns", "exec", netns.lab().namespace, "timeout", "3", "hping3", "-S", "-p", "80", "--faster", "-c", "500",
        netns.lab().hostIp);
    int p = port;
    await("PORT_SCAN and SYN_FLOOD from " + netns.lab().peerIp + " on the server", 20,
        () -> {
          Set<String> seen = new HashSet<>();
          seen.addAll(alertsFrom(client, p, netns.lab().peerIp, "PORT_SCAN"::equals).isEmpty() ? Set.of() : Set.of("PORT_SCAN"));
          seen.addAll(alertsFrom(client, p, netns.lab().peerIp, "SYN_FLOOD"::equals).isEmpty() ? Set.of() : Set.of("SYN_FLOOD"));
          return seen;
        }, s -> s.containsAll(Set.of("PORT_SCAN", "SYN_FLOOD")));
    Set<String> before = alertsFrom(client, port, netns.lab().peerIp, c -> true);

    // The server goes down; the agent keeps capturing and spools what it cannot send.
    server.destroy();
    assertThat(server.waitFor(20, TimeUnit.SECONDS)).isTrue();
    Thread.sleep(1_500);
    nmap("300-500");
    Thread.sleep(1_500);
    assertThat(agent.isAlive()).as(Files.readString(agentErr)).isTrue();

    startServer(srv, port, "2");
    Set<String> after = await("alerts spooled while the server was down", 40,
        () -> alertsFrom(client, p, netns.lab().peerIp, c -> true), s -> s.size() > before.size() && s.containsAll(before));
    assertThat(after).containsAll(before).hasSizeGreaterThan(before.size());

    agent.destroy();
    assertThat(agent.waitFor(30, TimeUnit.SECONDS)).as("agent stopped on SIGTERM").isTrue();
  }
}
