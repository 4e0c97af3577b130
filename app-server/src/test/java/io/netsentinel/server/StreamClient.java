package io.netsentinel.server;

import io.vertx.core.json.JsonObject;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/** A JDK WebSocket client on /api/v1/stream that queues what it receives. */
final class StreamClient implements WebSocket.Listener, AutoCloseable {
  final BlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();
  private final StringBuilder partial = new StringBuilder();
  private WebSocket ws;

  /** Connects and returns the client, or returns the HTTP status (an Integer) of a refused handshake. */
  static Object connect(TestServer s, String cookie, String origin) throws Exception {
    StreamClient client = new StreamClient();
    WebSocket.Builder b = s.http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    if (origin != null) {
      b.header("Origin", origin);
    }
    try {
      client.ws = b.buildAsync(java.net.URI.create("wss://localhost:" + s.port + "/api/v1/stream"), client)
          .get(10, TimeUnit.SECONDS);
      return client;
    } catch (ExecutionException | CompletionException e) {
      if (e.getCause() instanceof WebSocketHandshakeException h) {
        return h.getResponse().statusCode();
      }
      throw e;
    }
  }

  /** The next event matching {@code test}, skipping others; fails after 10 s. */
  JsonObject next(Predicate<JsonObject> test) throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      JsonObject e = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (e != null && test.test(e)) {
        return e;
      }
    }
    throw new TimeoutException("no matching stream event in 10 s; got " + events);
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      events.add(new JsonObject(partial.toString()));
      partial.setLength(0);
    }
    webSocket.request(1);
    return null;
  }

  final java.util.concurrent.CompletableFuture<Integer> closed = new java.util.concurrent.CompletableFuture<>();

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    closed.complete(statusCode);
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    closed.completeExceptionally(error);
  }

  @Override
  public void close() {
    if (ws != null) {
      ws.abort();
    }
  }
}
