package io.netsentinel.server;

import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;

/** The peer's IP. Forwarded headers are ignored: the server terminates TLS itself, so the socket is the truth. */
final class ClientAddress {
  private ClientAddress() {}

  static String of(RoutingContext ctx) {
    SocketAddress a = ctx.request().remoteAddress();
    return a == null ? "unknown" : a.hostAddress();
  }
}
