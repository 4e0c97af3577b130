package io.netsentinel.server;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** JSON answers, and the one shape of every error: {@code {"error":{"code":"...","message":"..."}}}. */
final class Responses {
  private Responses() {}

  static void json(RoutingContext ctx, int status, JsonObject body) {
    send(ctx, status, body.encode());
  }

  static void json(RoutingContext ctx, int status, JsonArray body) {
    send(ctx, status, body.encode());
  }

  static void error(RoutingContext ctx, ApiException e) {
    if (ctx.response().headWritten() || ctx.response().closed()) {
      ctx.response().reset();
      return;
    }
    e.headers().forEach((k, v) -> ctx.response().putHeader(k, v));
    json(ctx, e.status(), errorBody(e.code(), e.getMessage()));
  }

  static JsonObject errorBody(String code, String message) {
    return new JsonObject().put("error", new JsonObject().put("code", code).put("message", message));
  }

  private static void send(RoutingContext ctx, int status, String body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8").end(body);
  }
}
