package io.netsentinel.server;

import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.util.Locale;

/**
 * {@code GET /api/v1/stream}: the WebSocket of new alerts and agent status changes. The handshake needs a live
 * session cookie (401) and an {@code Origin} header naming this very server (403), so another site open in the same
 * browser cannot read the stream with the user's cookie.
 */
final class StreamApi {
  private final SessionApi sessions;
  private final StreamHub hub;

  StreamApi(SessionApi sessions, StreamHub hub) {
    this.sessions = sessions;
    this.hub = hub;
  }

  void upgrade(RoutingContext ctx) {
    if (sessions.user(ctx).isEmpty()) {
      ctx.fail(SessionApi.notLoggedIn());
      return;
    }
    String origin = ctx.request().getHeader("Origin");
    if (!sameOrigin(origin, ctx.request().authority())) {
      ctx.fail(new ApiException(403, "bad_origin", origin == null
          ? "missing Origin header" : "Origin " + FieldRules.shorten(origin) + " is not this server"));
      return;
    }
    if (!ctx.request().canUpgradeToWebSocket()) {
      ctx.fail(new ApiException(400, "not_websocket", "this route is a WebSocket; send an Upgrade request"));
      return;
    }
    String token = SessionApi.token(ctx);
    ctx.request().toWebSocket().onSuccess(ws -> hub.attach(ws, () -> sessions.isLive(token))).onFailure(ctx::fail);
  }

  static boolean sameOrigin(String origin, HostAndPort authority) {
    if (origin == null || authority == null) {
      return false;
    }
    try {
      URI uri = new URI(origin);
      if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
        return false;
      }
      int originPort = uri.getPort() == -1 ? 443 : uri.getPort();
      int hostPort = authority.port() == -1 ? 443 : authority.port();
      return uri.getHost().toLowerCase(Locale.ROOT).equals(authority.host().toLowerCase(Locale.ROOT))
          && originPort == hostPort;
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }
}
