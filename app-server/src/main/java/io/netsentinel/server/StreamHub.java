package io.netsentinel.server;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.util.function.BooleanSupplier;

/**
 * The live fan-out to dashboards: events go on the Vert.x event bus, and each open WebSocket has a consumer. A
 * dashboard too slow to keep up loses events (counted) rather than holding memory for them.
 */
final class StreamHub {
  static final String ADDRESS = "netsentinel.stream";

  private final Vertx vertx;
  private final ServerMetrics metrics;

  StreamHub(Vertx vertx, ServerMetrics metrics) {
    this.vertx = vertx;
    this.metrics = metrics;
  }

  void publish(JsonObject event) {
    vertx.eventBus().publish(ADDRESS, event.encode());
  }

  /**
   * Sends every event to {@code ws} while {@code live} says its session is; after a logout, an idle expiry or the
   * deletion of the account, the next event closes the socket (1008, policy violation) instead.
   */
  void attach(ServerWebSocket ws, BooleanSupplier live) {
    MessageConsumer<String> consumer = vertx.eventBus().localConsumer(ADDRESS);
    consumer.handler(msg -> {
      if (!live.getAsBoolean()) {
        consumer.unregister();
        ws.close((short) 1008, "session ended");
      } else if (ws.writeQueueFull()) {
        metrics.streamDropped.increment();
      } else {
        ws.writeTextMessage(msg.body());
      }
    });
    metrics.streamClients().incrementAndGet();
    ws.closeHandler(v -> {
      consumer.unregister();
      metrics.streamClients().decrementAndGet();
    });
    ws.exceptionHandler(e -> ws.close());
    // Dashboards only listen; anything they send is ignored.
    ws.handler(b -> {});
    ws.writeTextMessage(new JsonObject().put("type", "hello").encode());
  }
}
