package io.netsentinel.server;

import io.netsentinel.pki.InitOptions;
import io.netsentinel.pki.ServerPki;
import io.netsentinel.pki.TlsMaterial;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;
import okhttp3.ConnectionPool;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The ingest load benchmark behind docs/benchmarks.md (a main class, not a test): it makes a server folder with our
 * PKI, starts the packaged server jar as its own process, registers N simulated agents, and has each post gzipped
 * batches of alerts over TLS for a fixed time, as the agent's transport does. It prints accepted alerts per second and
 * the request latency percentiles. The per-agent rate limit is raised in the config, since the benchmark measures
 * the server's capacity, not the limit.
 *
 * <pre>java -cp TEST_CLASSPATH io.netsentinel.server.IngestLoadBenchmark SERVER_JAR [AGENTS] [SECONDS] [BATCH]</pre>
 */
public final class IngestLoadBenchmark {
  private static final MediaType JSON = MediaType.get("application/json");

  private IngestLoadBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path jar = Path.of(args[0]);
    int agents = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    int batch = args.length > 3 ? Integer.parseInt(args[3]) : 200;
    Path dir = Files.createTempDirectory("netsentinel-load");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String apiKey = new ServerPki().init(dir, InitOptions.defaults().withServerHost("127.0.0.1")
        .withExtraSubjectAltNames(List.of("127.0.0.1"))).apiKey();
    Path config = dir.resolve("sentinel_config.json");
    String text = Files.readString(config);
    Files.writeString(config, text.replaceFirst("\\{", "{\"agent_alerts_per_5s\": 100000000, \"max_agents\": 1000, "));
    Process server = new ProcessBuilder("java", "-Xmx1g", "-jar", jar.toString(), "--config", config.toString(),
        "--port", Integer.toString(port), "--listen", "127.0.0.1")
        .redirectOutput(dir.resolve("server.out").toFile()).redirectError(dir.resolve("server.err").toFile()).start();
    try {
      run(dir, port, apiKey, agents, seconds, batch);
    } finally {
      server.destroy();
      server.waitFor();
    }
  }

  private static void run(Path dir, int port, String apiKey, int agents, int seconds, int batch) throws Exception {
    X509TrustManager trust = TlsMaterial.trustManager(dir.resolve("certs/ca.crt"));
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, new javax.net.ssl.TrustManager[] {trust}, null);
    OkHttpClient base = new OkHttpClient.Builder().sslSocketFactory(tls.getSocketFactory(), trust)
        .connectionPool(new ConnectionPool(agents + 10, 1, java.util.concurrent.TimeUnit.MINUTES))
        .callTimeout(Duration.ofSeconds(60)).build();
    String url = "https://127.0.0.1:" + port;
    waitForHealth(base, url);
    List<String> ids = new ArrayList<>();
    for (int a = 0; a < agents; a++) {
      String body = "{\"hostname\":\"load-" + a + "\",\"os\":\"Linux\",\"ip\":\"10.0.0." + (a % 250 + 1)
          + "\",\"version\":\"load\"}";
      try (Response r = base.newCall(new Request.Builder().url(url + "/api/v1/agents/register")
          .header("X-API-Key", apiKey).post(RequestBody.create(body, JSON)).build()).execute()) {
        String answer = r.body().string();
        ids.add(answer.replaceAll(".*\"agent_id\"\\s*:\\s*\"([^\"]+)\".*", "$1"));
      }
    }
    AtomicLong accepted = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    List<long[]> latencies = new ArrayList<>();
    CountDownLatch done = new CountDownLatch(agents);
    long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    long started = System.nanoTime();
    for (int a = 0; a < agents; a++) {
      String agentId = ids.get(a);
      long[] samples = new long[200_000];
      latencies.add(samples);
      int agent = a;
      Thread t = new Thread(() -> {
        int n = 0;
        long seq = 0;
        try {
          while (System.nanoTime() < end && n < samples.length - 1) {
            byte[] body = gzip(envelope(agentId, agent, seq, batch));
            seq += batch;
            long t0 = System.nanoTime();
            try (Response r = base.newCall(new Request.Builder().url(url + "/api/v1/alerts")
                .header("X-API-Key", apiKey).header("Content-Encoding", "gzip")
                .post(RequestBody.create(body, JSON)).build()).execute()) {
              r.body().string();
              if (r.code() == 200) {
                accepted.addAndGet(batch);
                samples[n++] = System.nanoTime() - t0;
              } else {
                failed.incrementAndGet();
              }
            }
          }
        } catch (IOException e) {
          failed.incrementAndGet();
        } finally {
          samples[samples.length - 1] = n;
          done.countDown();
        }
      });
      t.start();
    }
    done.await();
    double elapsed = (System.nanoTime() - started) / 1e9;
    List<Long> all = new ArrayList<>();
    for (long[] s : latencies) {
      int n = (int) s[s.length - 1];
      for (int i = 0; i < n; i++) {
        all.add(s[i]);
      }
    }
    long[] sorted = all.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(sorted);
    System.out.printf("agents %d, batch %d alerts, %.1f s: accepted %,d alerts = %,.0f alerts/s; %,d requests,"
        + " %d failed; latency p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", agents, batch, elapsed, accepted.get(),
        accepted.get() / elapsed, sorted.length, failed.get(), pct(sorted, 0.50), pct(sorted, 0.99),
        sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6);
  }

  private static double pct(long[] sorted, double p) {
    return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1e6;
  }

  private static void waitForHealth(OkHttpClient client, String url) throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      try (Response r = client.newCall(new Request.Builder().url(url + "/healthz").build()).execute()) {
        if (r.code() == 200) {
          return;
        }
      } catch (IOException e) {
        // not up yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("the server did not come up within 20 s");
  }

  private static byte[] envelope(String agentId, int agent, long seq, int batch) {
    StringBuilder b = new StringBuilder(batch * 320).append("{\"agent_id\":\"").append(agentId)
        .append("\",\"alerts\":[");
    Instant now = Instant.now();
    for (int i = 0; i < batch; i++) {
      if (i > 0) {
        b.append(',');
      }
      b.append("{\"id\":\"load-").append(agent).append('-').append(seq + i)
          .append("\",\"timestamp\":\"").append(now).append("\",\"event_type\":\"alert\",\"severity\":\"HIGH\","
              + "\"category\":\"PORT_SCAN\",\"detector\":\"port-scan\",\"message\":\"Port scan: 10.0.0.")
          .append(agent % 250 + 1).append(" probed 15 distinct ports\",\"src_ip\":\"10.0.0.").append(agent % 250 + 1)
          .append("\",\"dest_ip\":\"10.9.9.9\",\"proto\":\"TCP\",\"hostname\":\"load-").append(agent)
          .append("\",\"os\":\"Linux\",\"attributes\":{\"distinct_ports\":\"15\"}}");
    }
    return b.append("]}").toString().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] gzip(byte[] plain) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(plain.length / 8);
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(plain);
    }
    return out.toByteArray();
  }
}
