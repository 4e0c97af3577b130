package io.netsentinel.server;

import com.google.inject.Guice;
import com.google.inject.Injector;
import io.netsentinel.api.Alert;
import io.netsentinel.api.AlertJson;
import io.netsentinel.api.Settings;
import io.netsentinel.api.Severity;
import io.netsentinel.pki.CertificateAuthority;
import io.netsentinel.pki.CertifiedKey;
import io.netsentinel.pki.KeyType;
import io.netsentinel.pki.PasswordHash;
import io.netsentinel.pki.TlsMaterial;
import io.netsentinel.store.AlertStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import javax.net.ssl.SSLContext;

/** A real server on HTTPS (port 0, loopback) with a test CA, an in-memory store, a hand-moved clock, and a client. */
final class TestServer implements AutoCloseable {
  static final String API_KEY = "test-api-key-0123456789abcdefghijklmnop";
  static final String USER = "admin";
  static final String PASSWORD = "correct horse battery";
  static final Instant START = Instant.parse("2026-06-01T12:00:00Z");

  final Path dir;
  final MutableClock clock = new MutableClock(START);
  final AlertStore store;
  final Injector injector;
  final NetSentinelServer server;
  final int port;
  final SSLContext clientTls;
  final HttpClient http;
  private final AlertJson alertJson = new AlertJson();

  private TestServer(Path dir, ServerLimits limits, AlertStore store) throws IOException {
    this.dir = dir;
    this.store = store;
    CertificateAuthority ca = CertificateAuthority.create("NetSentinel test CA", KeyType.EC_P256);
    Files.createDirectories(dir.resolve("certs"));
    ca.write(dir.resolve("certs/ca.crt"), dir.resolve("certs/ca.key"));
    CertifiedKey serverKey = ca.issueServerCertificate("localhost", List.of("localhost", "127.0.0.1"));
    serverKey.write(dir.resolve("certs/server.crt"), dir.resolve("certs/server.key"));
    UsersFile.put(dir.resolve(UsersFile.FILE_NAME), USER,
        PasswordHash.hash(PASSWORD.toCharArray(), PasswordHash.MIN_ITERATIONS, new SecureRandom()));
    Files.writeString(dir.resolve("sentinel_config.json"), "{\"server_host\": \"localhost\", \"server_port\": 8443,"
        + " \"api_key\": \"" + API_KEY + "\", \"ca_cert\": \"certs/ca.crt\", \"server_cert\": \"certs/server.crt\","
        + " \"server_key\": \"certs/server.key\", \"data_dir\": \"data\"}");
    ServerConfig config = ServerConfig.from(Settings.load(dir.resolve("sentinel_config.json")), "127.0.0.1", 0);
    injector = Guice.createInjector(new ServerModule(config, limits, clock),
        binder -> binder.bind(AlertStore.class).toInstance(store));
    server = injector.getInstance(NetSentinelServer.class);
    port = server.start();
    clientTls = TlsMaterial.clientContext(TlsMaterial.trustManager(dir.resolve("certs/ca.crt")), null);
    http = HttpClient.newBuilder().sslContext(clientTls).version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
  }

  static TestServer start(Path dir) throws IOException {
    return start(dir, ServerLimits.defaults());
  }

  static TestServer start(Path dir, ServerLimits limits) throws IOException {
    return new TestServer(dir, limits, new InMemoryAlertStore());
  }

  static TestServer start(Path dir, ServerLimits limits, AlertStore store) throws IOException {
    return new TestServer(dir, limits, store);
  }

  InMemoryAlertStore memory() {
    return (InMemoryAlertStore) store;
  }

  URI uri(String path) {
    return URI.create("https://localhost:" + port + path);
  }

  HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(request.timeout(Duration.ofSeconds(20)).build(),
          HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  HttpResponse<String> get(String path, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).GET();
    if (headers.length > 0) {
      b.headers(headers);
    }
    return send(b);
  }

  HttpResponse<String> post(String path, String body, String... headers) {
    return post(path, body.getBytes(StandardCharsets.UTF_8), headers);
  }

  HttpResponse<String> post(String path, byte[] body, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .header("Content-Type", "application/json");
    if (headers.length > 0) {
      b.headers(headers);
    }
    return send(b);
  }

  /** A POST with the right API key. */
  HttpResponse<String> agentPost(String path, String body) {
    return post(path, body, "X-API-Key", API_KEY);
  }

  String register(String hostname) {
    HttpResponse<String> r = agentPost("/api/v1/agents/register",
        "{\"hostname\":\"" + hostname + "\",\"os\":\"Linux\",\"ip\":\"10.0.0.5\",\"version\":\"1.0\"}");
    if (r.statusCode() != 200) {
      throw new AssertionError("register: " + r.statusCode() + " " + r.body());
    }
    return new io.vertx.core.json.JsonObject(r.body()).getString("agent_id");
  }

  /** Logs in and returns the Cookie header value. */
  String login() {
    HttpResponse<String> r = post("/api/v1/session", "{\"username\":\"" + USER + "\",\"password\":\"" + PASSWORD
        + "\"}");
    if (r.statusCode() != 200) {
      throw new AssertionError("login: " + r.statusCode() + " " + r.body());
    }
    String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
    return setCookie.substring(0, setCookie.indexOf(';'));
  }

  Alert alert(String id, Severity severity, String category, Instant at) {
    return new Alert(id, at, severity, category, "port-scan", "scan from 192.0.2.7", "192.0.2.7", 40000,
        "10.0.0.5", 22, "TCP", null, null, "sensor-1", "Linux", Map.of("ports", "15"));
  }

  String alertJson(Alert a) {
    return alertJson.write(a);
  }

  /** {@code {"agent_id": ..., "alerts": [...]}} with {@code n} fresh HIGH port-scan alerts named prefix-i. */
  String batch(String agentId, String prefix, int n) {
    List<String> alerts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      alerts.add(alertJson(alert(prefix + "-" + i, Severity.HIGH, "PORT_SCAN", clock.instant())));
    }
    return envelope(agentId, alerts);
  }

  static String envelope(String agentId, List<String> alertJsons) {
    return "{\"agent_id\":\"" + agentId + "\",\"alerts\":[" + String.join(",", alertJsons) + "]}";
  }

  static byte[] gzip(byte[] plain) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(plain);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  @Override
  public void close() {
    server.close();
  }
}
