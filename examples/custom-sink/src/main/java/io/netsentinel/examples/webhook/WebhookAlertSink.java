package io.netsentinel.examples.webhook;

import io.netsentinel.api.Alert;
import io.netsentinel.api.AlertJson;
import io.netsentinel.api.AlertSink;
import io.netsentinel.api.SinkContext;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Posts alerts to a webhook as {@code {"count":N,"alerts":[…]}}, each alert in its wire form ({@link AlertJson}).
 *
 * <ul>
 *   <li>Alerts wait in a bounded queue. A full batch is posted at once, and the rest when the engine flushes (whenever
 *       its alert queue runs dry) and on close.
 *   <li>A request that fails (no connection, a timeout, 5xx or 429) is repeated up to {@code max_attempts} times,
 *       waiting {@code retry_backoff} and then twice as long each time. If every attempt fails, the batch stays queued
 *       and deliveries pause for a backoff that doubles with each failed delivery (at most a minute), so a dead
 *       endpoint does not hold up the sink thread on every flush.
 *   <li>When the queue is full the oldest alerts are dropped and counted. A 4xx answer other than 429 means the
 *       endpoint refuses the content: that batch is counted as rejected and not tried again.
 *   <li>An outage is logged once when it starts and once when it ends, without a stack trace. Logs show only the
 *       scheme, host and port of the URL, because webhook paths often hold a secret token.
 * </ul>
 *
 * Counters, reported as {@code webhook/<name>}: {@code sent}, {@code batches}, {@code retries}, {@code failures}
 * (deliveries that gave up), {@code rejected}, {@code dropped} and {@code undelivered} (still queued at close).
 *
 * <p>The engine calls a sink from one thread; the methods are synchronized anyway, so that {@code close()} from another
 * thread is safe.
 */
final class WebhookAlertSink implements AlertSink {
  private static final long MAX_PAUSE_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final WebhookConfig config;
  private final Logger log;
  private final HttpClient client;
  private final LongSupplier nanoClock;
  private final AlertJson json = new AlertJson();
  private final ArrayDeque<Alert> queue = new ArrayDeque<>();

  private final LongAdder sent;
  private final LongAdder batches;
  private final LongAdder retries;
  private final LongAdder failures;
  private final LongAdder rejected;
  private final LongAdder dropped;
  private final LongAdder undelivered;

  private int failedDeliveries;
  private long pausedUntil;
  private boolean droppingReported;
  private boolean closed;

  WebhookAlertSink(WebhookConfig config, SinkContext context, HttpClient client, LongSupplier nanoClock) {
    this.config = config;
    this.log = context.logger();
    this.client = client;
    this.nanoClock = nanoClock;
    sent = context.counter("sent");
    batches = context.counter("batches");
    retries = context.counter("retries");
    failures = context.counter("failures");
    rejected = context.counter("rejected");
    dropped = context.counter("dropped");
    undelivered = context.counter("undelivered");
  }

  @Override
  public synchronized void accept(Alert alert) {
    if (closed) {
      undelivered.increment();
      return;
    }
    if (queue.size() == config.queueCapacity()) {
      queue.removeFirst();
      dropped.increment();
      if (!droppingReported) {
        droppingReported = true;
        log.warn("webhook {}: queue full ({} alerts), dropping the oldest until the endpoint takes alerts again",
            config.displayUrl(), config.queueCapacity());
      }
    }
    queue.addLast(alert);
    if (queue.size() >= config.batchSize() && !paused()) {
      deliver(false);
    }
  }

  @Override
  public synchronized void flush() {
    if (!paused()) {
      deliver(true);
    }
  }

  /** Tries once more to deliver what is queued, then reports what could not be. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    deliver(true);
    if (!queue.isEmpty()) {
      undelivered.add(queue.size());
      log.warn("webhook {}: {} alerts not delivered at close", config.displayUrl(), queue.size());
      queue.clear();
    }
  }

  synchronized int queued() {
    return queue.size();
  }

  private boolean paused() {
    return failedDeliveries > 0 && nanoClock.getAsLong() - pausedUntil < 0;
  }

  /** Posts full batches, or everything when {@code all}; stops at the first batch that cannot be delivered. */
  private void deliver(boolean all) {
    // Each pass removes a batch or returns, so this runs at most queue_capacity / batch_size + 1 times.
    while (!queue.isEmpty() && (all || queue.size() >= config.batchSize())) {
      int n = Math.min(config.batchSize(), queue.size());
      Outcome outcome = post(n);
      if (outcome.status == Status.FAILED) {
        failures.increment();
        failedDeliveries++;
        long pause = Math.min(MAX_PAUSE_NANOS, config.backoffNanos() << Math.min(failedDeliveries, 20));
        pausedUntil = nanoClock.getAsLong() + pause;
        if (failedDeliveries == 1) {
          log.warn("webhook {}: delivery failed after {} attempts ({}); {} alerts kept for retry",
              config.displayUrl(), config.maxAttempts(), outcome.reason, queue.size());
        } else {
          log.debug("webhook {}: still failing ({}); {} alerts kept", config.displayUrl(), outcome.reason,
              queue.size());
        }
        return;
      }
      for (int i = 0; i < n; i++) {
        queue.removeFirst();
      }
      if (outcome.status == Status.REJECTED) {
        rejected.add(n);
        log.warn("webhook {}: the endpoint refused {} alerts ({}); they are not retried", config.displayUrl(), n,
            outcome.reason);
        continue;
      }
      sent.add(n);
      batches.increment();
      droppingReported = false;
      if (failedDeliveries > 0) {
        log.info("webhook {}: delivering again after {} failed deliveries", config.displayUrl(), failedDeliveries);
        failedDeliveries = 0;
      }
    }
  }

  private enum Status {
    SENT,
    REJECTED,
    FAILED
  }

  private record Outcome(Status status, String reason) {}

  /** Posts the first {@code n} queued alerts, with retries. */
  private Outcome post(int n) {
    HttpRequest request = HttpRequest.newBuilder(config.url())
        .timeout(Duration.ofNanos(config.timeoutNanos()))
        .header("Content-Type", "application/json")
        .header("User-Agent", "netsentinel-webhook")
        .POST(HttpRequest.BodyPublishers.ofString(body(n), StandardCharsets.UTF_8))
        .build();
    String reason = "";
    for (int attempt = 1; attempt <= config.maxAttempts(); attempt++) {
      if (attempt > 1) {
        retries.increment();
        if (!sleep(config.backoffNanos() << (attempt - 2))) {
          return new Outcome(Status.FAILED, "interrupted");
        }
      }
      try {
        int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status >= 200 && status < 300) {
          return new Outcome(Status.SENT, "HTTP " + status);
        }
        reason = "HTTP " + status;
        if (status >= 400 && status < 500 && status != 429) {
          return new Outcome(Status.REJECTED, reason);
        }
      } catch (HttpTimeoutException e) {
        reason = "no answer within " + Duration.ofNanos(config.timeoutNanos()).toMillis() + " ms";
      } catch (IOException e) {
        reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": "
            + e.getMessage();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Outcome(Status.FAILED, "interrupted");
      }
    }
    return new Outcome(Status.FAILED, reason);
  }

  private String body(int n) {
    StringBuilder out = new StringBuilder(64 + n * 400).append("{\"count\":").append(n).append(",\"alerts\":[");
    Iterator<Alert> it = queue.iterator();
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(json.write(it.next()));
    }
    return out.append("]}").toString();
  }

  private static boolean sleep(long nanos) {
    try {
      TimeUnit.NANOSECONDS.sleep(nanos);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
