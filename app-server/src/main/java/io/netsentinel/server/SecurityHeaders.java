package io.netsentinel.server;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;

/**
 * Headers on every answer. The Content-Security-Policy allows scripts only from this origin (no inline script, no
 * eval), no framing, and connections only back to this origin (the WebSocket stream included).
 */
final class SecurityHeaders {
  static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
      + " connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

  private SecurityHeaders() {}

  static void handle(RoutingContext ctx) {
    MultiMap h = ctx.response().headers();
    h.set("Content-Security-Policy", CSP);
    h.set("X-Content-Type-Options", "nosniff");
    h.set("X-Frame-Options", "DENY");
    h.set("Referrer-Policy", "no-referrer");
    h.set("Strict-Transport-Security", "max-age=31536000");
    h.set("Cache-Control", "no-store");
    ctx.next();
  }
}
