package io.netsentinel.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsentinel.pki.Pem;
import io.netsentinel.pki.TlsMaterial;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged {@code netsentinel-server.jar}, run as a user runs it: a separate JVM. It proves the shaded jar works
 * with Bouncy Castle's signature files stripped.
 */
class ServerJarIT {
  private static final Path JAR = Path.of(System.getProperty("server.jar", "target/netsentinel-server.jar"));

  @TempDir Path tmp;

  record Run(int code, String out, String err) {}

  private Run server(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("java", "-jar", JAR.toString()));
    command.addAll(List.of(args));
    Path out = tmp.resolve("out.txt");
    Path err = tmp.resolve("err.txt");
    Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("server did not finish in 120 s: " + command);
    }
    return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  @Test
  void theShadedJarRunsInitAndWritesCertificatesTheJdkAccepts() throws Exception {
    Path dir = tmp.resolve("srv");
    Run r = server("init", "--dir", dir.toString(), "--san", "sensor.example");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("Dashboard login: admin / ");
    assertThat(r.err()).isEmpty();
    ServerCommandTest.validate(
        Pem.readCertificate(dir.resolve("certs/server.crt")), Pem.readCertificate(dir.resolve("certs/ca.crt")));
    assertThat(TlsMaterial.keyManager(dir.resolve("certs/server.crt"), dir.resolve("certs/server.key"))).isNotNull();

    Run agent = server("issue-agent-cert", "a1", "--dir", dir.toString());
    assertThat(agent.code()).as(agent.err()).isZero();
    Run rotate = server("rotate-key", "--dir", dir.toString());
    assertThat(rotate.code()).as(rotate.err()).isZero();
  }

  private Process startServer(Path dir, int port, Path out, Path err) throws Exception {
    Process p = new ProcessBuilder("java", "-jar", JAR.toString(), "--config",
        dir.resolve("sentinel_config.json").toString(), "--port", Integer.toString(port), "--listen", "127.0.0.1")
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.readString(out).contains("listening on")) {
      if (!p.isAlive() || System.nanoTime() > deadline) {
        p.destroyForcibly();
        throw new AssertionError("the server did not start: " + Files.readString(out) + Files.readString(err));
      }
      Thread.sleep(100);
    }
    return p;
  }

  private static java.net.http.HttpResponse<String> call(java.net.http.HttpClient client, int port, String method,
      String path, String body, String... headers) throws Exception {
    java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(
        java.net.URI.create("https://localhost:" + port + path)).timeout(java.time.Duration.ofSeconds(20))
        .method(method, body == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
            : java.net.http.HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return client.send(b.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void everyAcknowledgedAlertSurvivesAKillDashNineOfTheServer() throws Exception {
    Path dir = tmp.resolve("srv");
    Path password = tmp.resolve("admin.txt");
    Files.writeString(password, "restart-test-password\n");
    Run init = server("init", "--dir", dir.toString(), "--san", "localhost", "--admin-password-file",
        password.toString());
    assertThat(init.code()).as(init.err()).isZero();
    String key = ServerCommandTest.json(dir.resolve("sentinel_config.json")).get("api_key").asText();
    int port;
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
        .sslContext(TlsMaterial.clientContext(TlsMaterial.trustManager(dir.resolve("certs/ca.crt")), null))
        .version(java.net.http.HttpClient.Version.HTTP_1_1).connectTimeout(java.time.Duration.ofSeconds(5)).build();
    Process first = startServer(dir, port, tmp.resolve("o1.txt"), tmp.resolve("e1.txt"));
    String agent;
    try {
      java.net.http.HttpResponse<String> reg = call(client, port, "POST", "/api/v1/agents/register",
          "{\"hostname\":\"h1\"}", "X-API-Key", key);
      assertThat(reg.statusCode()).as(reg.body()).isEqualTo(200);
      agent = ServerCommandTest.jsonText(reg.body()).get("agent_id").asText();
      StringBuilder alerts = new StringBuilder();
      for (int i = 0; i < 40; i++) {
        alerts.append(i == 0 ? "" : ",").append("{\"id\":\"k").append(i)
            .append("\",\"timestamp\":\"2026-06-01T12:00:00Z\",\"severity\":\"HIGH\",\"category\":\"PORT_SCAN\","
                + "\"detector\":\"port-scan\",\"message\":\"scan\",\"src_ip\":\"192.0.2.1\"}");
      }
      java.net.http.HttpResponse<String> ack = call(client, port, "POST", "/api/v1/alerts",
          "{\"agent_id\":\"" + agent + "\",\"alerts\":[" + alerts + "]}", "X-API-Key", key);
      assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
      assertThat(ack.body()).contains("\"accepted\":40");
    } finally {
      first.destroyForcibly();
    }
    assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();

    Process second = startServer(dir, port, tmp.resolve("o2.txt"), tmp.resolve("e2.txt"));
    try {
      java.net.http.HttpResponse<String> login = call(client, port, "POST", "/api/v1/session",
          "{\"username\":\"admin\",\"password\":\"restart-test-password\"}");
      assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
      String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
      java.net.http.HttpResponse<String> page = call(client, port, "GET", "/api/v1/alerts?limit=1000", null,
          "Cookie", cookie);
      assertThat(ServerCommandTest.jsonText(page.body()).get("alerts").size()).isEqualTo(40);
      java.net.http.HttpResponse<String> agents = call(client, port, "GET", "/api/v1/agents", null, "Cookie", cookie);
      assertThat(agents.body()).contains(agent);
    } finally {
      second.destroy();
      assertThat(second.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void theShadedJarAnswersHelpAndVersion() throws Exception {
    Run help = server("--help");
    assertThat(help.code()).isZero();
    assertThat(help.out()).contains("Usage: netsentinel-server").contains("init").contains("user");
    Run version = server("--version");
    assertThat(version.code()).isZero();
    assertThat(version.out()).startsWith("netsentinel-server 0.1.0-SNAPSHOT");
  }

  @Test
  void theShadedJarRunsTheServerWhichAnswersOverTlsAndStopsOnSigterm() throws Exception {
    Path dir = tmp.resolve("srv");
    Run init = server("init", "--dir", dir.toString(), "--san", "localhost", "--san", "127.0.0.1");
    assertThat(init.code()).as(init.err()).isZero();
    java.util.regex.Matcher m = ServerCommandTest.GENERATED_PASSWORD.matcher(init.out());
    assertThat(m.find()).isTrue();
    int port;
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    Path out = tmp.resolve("run-out.txt");
    Path err = tmp.resolve("run-err.txt");
    Process p = startServer(dir, port, out, err);
    try {
      assertThat(Files.readString(out)).contains("https://localhost:" + port + "/api/v1/")
          .contains("embedded SQLite").doesNotContain(ServerCommandTest.json(dir.resolve("sentinel_config.json"))
              .get("api_key").asText());
      java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
          .sslContext(TlsMaterial.clientContext(TlsMaterial.trustManager(dir.resolve("certs/ca.crt")), null))
          .connectTimeout(java.time.Duration.ofSeconds(5)).build();
      java.net.http.HttpResponse<String> health = client.send(java.net.http.HttpRequest.newBuilder(
          java.net.URI.create("https://localhost:" + port + "/healthz")).timeout(java.time.Duration.ofSeconds(10))
          .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
      // The shaded jar carries the dashboard page, its modules and Chart.js from the WebJar.
      assertThat(Files.readString(out)).contains("Dashboard:").contains("https://localhost:" + port + "/\n");
      for (String path : new String[] {"/", "/assets/app.js", "/assets/dashboard.css",
          "/webjars/chart.js/4.5.1/dist/chart.umd.min.js"}) {
        java.net.http.HttpResponse<String> asset = client.send(java.net.http.HttpRequest.newBuilder(
            java.net.URI.create("https://localhost:" + port + path)).timeout(java.time.Duration.ofSeconds(10))
            .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(asset.statusCode()).as(path).isEqualTo(200);
        assertThat(asset.body()).as(path).isNotEmpty();
      }
      java.net.http.HttpResponse<String> login = client.send(java.net.http.HttpRequest.newBuilder(
          java.net.URI.create("https://localhost:" + port + "/api/v1/session"))
          .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"username\":\"admin\",\"password\":\""
              + m.group(1) + "\"}")).timeout(java.time.Duration.ofSeconds(20)).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
    } finally {
      p.destroy();
    }
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("stopped within 30 s of SIGTERM").isTrue();
    assertThat(Files.readString(out)).contains("netsentinel-server: stopping");
    assertThat(Files.readString(err)).doesNotContain("ERROR").doesNotContain("Exception");
    assertThat(dir.resolve("data/alerts.db")).exists();
  }
}
