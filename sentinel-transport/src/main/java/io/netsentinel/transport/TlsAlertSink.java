package io.netsentinel.transport;

import io.netsentinel.api.Alert;
import io.netsentinel.api.AlertJson;
import io.netsentinel.api.AlertSink;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.GZIPOutputStream;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;

/**
 * Sends alerts to the server over TLS, at least once. {@link #accept} writes each alert to the disk spool first; a
 * sender thread reads batches from the spool (up to {@code batch_max_alerts}, or what arrived within {@code
 * batch_max_delay}), posts them gzipped to {@code POST /api/v1/alerts} with the API key, and acknowledges them in the
 * spool only when the server answered 200. So a server that is down, an agent restart or a {@code kill -9} loses
 * nothing; a repeat after a crash between the answer and the acknowledgement is dropped by the server, which
 * de-duplicates by alert id.
 *
 * <ul>
 *   <li>429: waits as long as {@code Retry-After} says;
 *   <li>5xx, 401/403 or a network error: retries with exponential backoff and jitter (up to a minute);
 *   <li>400: sets the batch aside in {@code spool/rejected/}, logs why, and goes on;
 *   <li>404 for the agent: registers again.
 * </ul>
 */
final class TlsAlertSink implements AlertSink {
  private static final MediaType JSON = MediaType.get("application/json");
  private static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(60);

  private final TransportConfig config;
  private final OkHttpClient client;
  private final AgentSession session;
  private final Spool spool;
  private final Logger log;
  private final AlertJson alertJson = new AlertJson();
  private final Thread sender;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private final Counters counters;
  private final java.util.function.Supplier<java.util.Map<String, Long>> engineStats;
  private final java.util.concurrent.ScheduledExecutorService heartbeats;
  private volatile boolean stopping;
  /** close() gave up waiting: the sender stops at once and what is spooled waits for the next run. */
  private volatile boolean abandoned;
  private volatile long backoffUntil;
  private boolean closed;

  /** The sink's counters in the engine's statistics. */
  record Counters(java.util.concurrent.atomic.LongAdder sent, java.util.concurrent.atomic.LongAdder rejected,
      java.util.concurrent.atomic.LongAdder heartbeats, java.util.concurrent.atomic.LongAdder spoolDropped) {}

  private long reportedDropped;

  TlsAlertSink(TransportConfig config, OkHttpClient client, AgentSession session, Spool spool, Logger log,
      Counters counters, java.util.function.Supplier<java.util.Map<String, Long>> engineStats) {
    this.config = config;
    this.client = client;
    this.session = session;
    this.spool = spool;
    this.log = log;
    this.counters = counters;
    this.engineStats = engineStats;
    this.sender = new Thread(this::sendLoop, "netsentinel-tls-sender");
    this.sender.setDaemon(true);
    this.sender.start();
    this.heartbeats = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "netsentinel-heartbeat");
      t.setDaemon(true);
      return t;
    });
    long every = Math.max(TimeUnit.MILLISECONDS.toNanos(50), config.heartbeatNanos());
    // The first heartbeat goes at once: it registers the agent, so that it shows on the dashboard before any alert.
    heartbeats.scheduleWithFixedDelay(this::heartbeat, 0, every, TimeUnit.NANOSECONDS);
  }

  /** What the agent tells the server every heartbeat: the engine's counters and the transport's. */
  java.util.Map<String, Object> heartbeatStats() {
    java.util.Map<String, Object> stats = new java.util.LinkedHashMap<>(engineStats.get());
    stats.put("spool_depth", spool.pending());
    stats.put("spool_dropped", spool.dropped());
    stats.put("alerts_sent", counters.sent().sum());
    stats.put("alerts_rejected", counters.rejected().sum());
    return stats;
  }

  private void heartbeat() {
    try {
      session.heartbeat(heartbeatStats());
      counters.heartbeats().increment();
    } catch (IOException | RuntimeException e) {
      log.debug("heartbeat to {} failed: {}", config.url(), e.toString());
    }
  }

  @Override
  public void accept(Alert alert) {
    spool.append(alertJson.write(alert).getBytes(StandardCharsets.UTF_8));
    if (spool.pending() >= config.batchMaxAlerts()) {
      signal();
    }
  }

  /** Makes the spooled alerts durable (the per-batch fsync) and lets the sender go. */
  @Override
  public void flush() {
    spool.sync();
    long dropped = spool.dropped();
    if (dropped > reportedDropped) {
      counters.spoolDropped().add(dropped - reportedDropped);
      reportedDropped = dropped;
    }
    signal();
  }

  private void signal() {
    lock.lock();
    try {
      wake.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void sendLoop() {
    long backoff = TimeUnit.SECONDS.toNanos(1);
    long failures = 0;
    while (!abandoned && (!stopping || spool.pending() > 0)) {
      try {
        if (!waitForWork()) {
          continue;
        }
        Spool.Batch batch = spool.read(config.batchMaxAlerts());
        if (batch.records().isEmpty()) {
          continue;
        }
        Outcome outcome = post(batch);
        switch (outcome.kind) {
          case ACKNOWLEDGED:
            spool.ack(batch);
            counters.sent().add(batch.records().size());
            backoff = TimeUnit.SECONDS.toNanos(1);
            break;
          case REJECTED:
            setAside(batch, outcome.reason);
            spool.ack(batch);
            counters.rejected().add(batch.records().size());
            break;
          case RETRY_AFTER:
            pause(outcome.waitNanos);
            break;
          default:
            failures++;
            long jittered = backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1);
            if (failures <= 3 || failures % 20 == 0) {
              log.warn("sending alerts to {} failed ({}); {} alerts wait in the spool, retrying in {} ms",
                  config.url(), outcome.reason, spool.pending(), TimeUnit.NANOSECONDS.toMillis(jittered));
            }
            pause(jittered);
            backoff = Math.min(MAX_BACKOFF_NANOS, backoff * 2);
        }
      } catch (RuntimeException e) {
        log.error("alert sender: {}", e.toString());
        pause(TimeUnit.SECONDS.toNanos(1));
      }
    }
  }

  /** Waits until a batch is worth sending; false when woken early or backing off. */
  private boolean waitForWork() {
    lock.lock();
    try {
      long now = System.nanoTime();
      if (backoffUntil - now > 0) {
        // Also while stopping: close() gives up after close_timeout rather than this thread spinning.
        wake.awaitNanos(backoffUntil - now);
        return false;
      }
      long pending = spool.pending();
      if (pending == 0) {
        if (!stopping) {
          wake.awaitNanos(config.batchMaxDelayNanos());
        }
        return spool.pending() > 0;
      }
      if (pending < config.batchMaxAlerts() && !stopping) {
        // A partial batch: give it the batch delay to fill up.
        wake.awaitNanos(config.batchMaxDelayNanos());
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopping = true;
      abandoned = true;
      return false;
    } finally {
      lock.unlock();
    }
  }

  private void pause(long nanos) {
    backoffUntil = System.nanoTime() + nanos;
  }

  private enum Kind {
    ACKNOWLEDGED,
    REJECTED,
    RETRY_AFTER,
    FAILED
  }

  private static final class Outcome {
    final Kind kind;
    final String reason;
    final long waitNanos;

    Outcome(Kind kind, String reason, long waitNanos) {
      this.kind = kind;
      this.reason = reason;
      this.waitNanos = waitNanos;
    }
  }

  private Outcome post(Spool.Batch batch) {
    String agentId;
    try {
      agentId = session.agentId();
    } catch (IOException e) {
      return new Outcome(Kind.FAILED, "registration: " + e.getMessage(), 0);
    }
    byte[] body;
    try {
      body = gzip(envelope(agentId, batch.records()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Request request = new Request.Builder()
        .url(config.url() + "/api/v1/alerts")
        .header("X-API-Key", config.apiKey())
        .header("Content-Encoding", "gzip")
        .post(RequestBody.create(body, JSON))
        .build();
    try (Response response = client.newCall(request).execute()) {
      int code = response.code();
      String text = response.body().string();
      if (code == 200) {
        return new Outcome(Kind.ACKNOWLEDGED, null, 0);
      }
      if (code == 429) {
        return new Outcome(Kind.RETRY_AFTER, "rate limited", retryAfter(response.header("Retry-After")));
      }
      if (code == 400 || code == 413) {
        return new Outcome(Kind.REJECTED, "HTTP " + code + " " + ServerErrors.message(text), 0);
      }
      if (code == 404) {
        session.register();
        return new Outcome(Kind.FAILED, "the server did not know this agent; registered again", 0);
      }
      if (code == 401 || code == 403) {
        return new Outcome(Kind.FAILED, "HTTP " + code + ": the server refused the API key; check api_key", 0);
      }
      return new Outcome(Kind.FAILED, "HTTP " + code + " " + ServerErrors.message(text), 0);
    } catch (IOException e) {
      return new Outcome(Kind.FAILED, e.getClass().getSimpleName() + ": " + e.getMessage(), 0);
    }
  }

  static byte[] envelope(String agentId, List<byte[]> records) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 * records.size() + 64);
    out.write(("{\"agent_id\":\"" + agentId + "\",\"alerts\":[").getBytes(StandardCharsets.UTF_8));
    for (int i = 0; i < records.size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      out.write(records.get(i));
    }
    out.write("]}".getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  private static byte[] gzip(byte[] plain) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(plain.length / 4 + 64);
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(plain);
    }
    return out.toByteArray();
  }

  /** Retry-After in seconds (or an HTTP date), capped at ten minutes; a second when absent or unreadable. */
  static long retryAfter(String header) {
    if (header != null) {
      try {
        return TimeUnit.SECONDS.toNanos(Math.min(600, Math.max(0, Long.parseLong(header.trim()))));
      } catch (NumberFormatException e) {
        try {
          Instant at = java.time.ZonedDateTime.parse(header.trim(),
              java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
          long seconds = Math.max(0, at.getEpochSecond() - Instant.now().getEpochSecond());
          return TimeUnit.SECONDS.toNanos(Math.min(600, seconds));
        } catch (java.time.format.DateTimeParseException ignored) {
          // fall through
        }
      }
    }
    return TimeUnit.SECONDS.toNanos(1);
  }

  private void setAside(Spool.Batch batch, String reason) {
    try {
      Path dir = config.spoolDir().resolve("rejected");
      Files.createDirectories(dir);
      Path file = dir.resolve("batch-" + System.currentTimeMillis() + "-" + batch.end().segment() + "-"
          + batch.end().offset() + ".json");
      Files.write(file, envelope("rejected", batch.records()));
      log.warn("the server rejected {} alerts ({}); they are set aside in {}", batch.records().size(), reason, file);
    } catch (IOException e) {
      log.error("the server rejected {} alerts ({}), and setting them aside failed: {}", batch.records().size(),
          reason, e.getMessage());
    }
  }

  /** Gives the sender up to {@code close_timeout} to deliver what is spooled; the rest waits for the next run. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    heartbeats.shutdownNow();
    spool.sync();
    stopping = true;
    signal();
    try {
      sender.join(TimeUnit.NANOSECONDS.toMillis(config.closeTimeoutNanos()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (sender.isAlive()) {
      abandoned = true;
      sender.interrupt();
      log.info("{} alerts stay in the spool for the next run", spool.pending());
    }
    try {
      spool.close();
    } catch (IOException e) {
      log.warn("closing the spool: {}", e.getMessage());
    }
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }
}
