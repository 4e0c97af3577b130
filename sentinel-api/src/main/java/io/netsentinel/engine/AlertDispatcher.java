package io.netsentinel.engine;

import io.netsentinel.api.Alert;
import io.netsentinel.api.AlertSink;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves alerts off the packet thread through a bounded queue to one sink thread. When the queue is full it either
 * waits (offline reading, so a replay is complete) or drops and counts (live capture, so a slow sink never stalls
 * capture). A sink that throws is logged and counted; the other sinks still get the alert.
 */
final class AlertDispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(AlertDispatcher.class);
  private static final Object END = new Object();

  private final BlockingQueue<Object> queue;
  private final boolean dropWhenFull;
  private final List<AlertSink> sinks;
  private final Thread thread;
  private final AtomicLong sinkErrors = new AtomicLong();
  private volatile long dropped; // written by the worker thread only; read by metrics from any thread

  AlertDispatcher(List<AlertSink> sinks, int capacity, boolean dropWhenFull) {
    this.sinks = List.copyOf(sinks);
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.dropWhenFull = dropWhenFull;
    this.thread = new Thread(this::drain, "netsentinel-sinks");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** Called on the packet thread. */
  void submit(Alert alert) {
    if (dropWhenFull) {
      if (!queue.offer(alert)) {
        dropped++;
      }
      return;
    }
    try {
      queue.put(alert);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      dropped++;
    }
  }

  /** Delivers what is queued, flushes the sinks and stops the sink thread. */
  void finish() {
    try {
      queue.put(END);
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  long dropped() {
    return dropped;
  }

  long sinkErrors() {
    return sinkErrors.get();
  }

  private void drain() {
    try {
      while (true) {
        Object next = queue.take();
        if (next == END) {
          break;
        }
        Alert alert = (Alert) next;
        for (AlertSink sink : sinks) {
          try {
            sink.accept(alert);
          } catch (RuntimeException e) {
            error(sink, "accept", e);
          }
        }
        if (queue.isEmpty()) {
          flushAll();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      flushAll();
    }
  }

  private void flushAll() {
    for (AlertSink sink : sinks) {
      try {
        sink.flush();
      } catch (RuntimeException e) {
        error(sink, "flush", e);
      }
    }
  }

  private void error(AlertSink sink, String what, RuntimeException e) {
    long n = sinkErrors.incrementAndGet();
    // The first errors in full, then one line in a thousand, so a broken sink cannot flood the log.
    if (n <= 5 || n % 1000 == 0) {
      LOG.error("alert sink {} failed in {} ({} errors so far): {}", sink.getClass().getName(), what, n, e.toString());
    }
  }
}
