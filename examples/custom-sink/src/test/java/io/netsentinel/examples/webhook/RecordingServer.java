package io.netsentinel.examples.webhook;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A real JDK HTTP server on 127.0.0.1 that records every request and answers with a status the test chooses. */
final class RecordingServer implements AutoCloseable {
  /** The longest a stalled answer waits, so a test can never hang on it. */
  private static final long STALL_LIMIT_SECONDS = 5;

  record Request(String method, String contentType, String body) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger status = new AtomicInteger(200);
  private final CountDownLatch release = new CountDownLatch(1);
  private volatile boolean stall;

  RecordingServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.createContext("/hook", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestHeaders().getFirst("Content-Type"),
          body));
      if (stall) {
        release.await(STALL_LIMIT_SECONDS, TimeUnit.SECONDS);
      }
      exchange.sendResponseHeaders(status.get(), -1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      exchange.close();
    }
  }

  /** The webhook URL, with a secret-looking path that must not reach the logs. */
  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook/s3cr3t-token";
  }

  RecordingServer answer(int value) {
    status.set(value);
    return this;
  }

  /** Receives requests but does not answer them (until closed, or for at most a few seconds). */
  RecordingServer stall() {
    stall = true;
    return this;
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  @Override
  public void close() {
    release.countDown();
    server.stop(0);
    executor.shutdownNow();
  }
}
