package io.netsentinel.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Arrays;
import java.util.Optional;

/**
 * Dashboard login ({@code POST /api/v1/session}), logout ({@code DELETE}), and the guard of the dashboard routes. The
 * session lives in an HttpOnly, Secure, SameSite=Strict cookie; failed logins are limited per source IP.
 */
final class SessionApi {
  static final String COOKIE = "netsentinel_session";
  static final String USER_KEY = "netsentinel.user";

  private final SessionStore sessions;
  private final Users users;
  private final FailureLimiter failures;
  private final ServerMetrics metrics;
  private final Vertx vertx;
  private final ObjectMapper mapper = new ObjectMapper();

  SessionApi(SessionStore sessions, Users users, FailureLimiter failures, ServerMetrics metrics, Vertx vertx) {
    this.sessions = sessions;
    this.users = users;
    this.failures = failures;
    this.metrics = metrics;
    this.vertx = vertx;
  }

  void login(RoutingContext ctx) {
    String ip = ClientAddress.of(ctx);
    String key = "login:" + ip;
    long wait = failures.blockedForSeconds(key);
    if (wait > 0) {
      throw ApiException.tooMany("too many failed logins from " + ip + "; wait " + wait + " s", wait);
    }
    byte[] body = JsonBodies.bytes(ctx);
    vertx.executeBlocking(() -> {
      JsonNode n = JsonBodies.read(mapper, body);
      JsonNode name = n.get("username");
      JsonNode password = n.get("password");
      if (!n.isObject() || name == null || !name.isTextual() || password == null || !password.isTextual()) {
        throw ApiException.badRequest("expected {\"username\": \"...\", \"password\": \"...\"}");
      }
      FieldRules.capped("username", name.asText(), 64);
      FieldRules.capped("password", password.asText(), 1024);
      char[] secret = password.asText().toCharArray();
      try {
        if (!users.verify(name.asText(), secret)) {
          failures.recordFailure(key);
          metrics.authFailures.increment();
          throw new ApiException(401, "bad_login", "wrong user name or password");
        }
      } finally {
        Arrays.fill(secret, '\0');
      }
      failures.recordSuccess(key);
      return name.asText();
    }, false).onSuccess(user -> {
      String token;
      try {
        token = sessions.create(user);
      } catch (ApiException e) {
        // Thrown in a callback, not a handler: the router would never see it, and the login would hang.
        ctx.fail(e);
        return;
      }
      ctx.response().addCookie(cookie(token, sessions.idle().toSeconds()));
      Responses.json(ctx, 200, new JsonObject().put("user", user)
          .put("idle_timeout_seconds", sessions.idle().toSeconds()));
    }).onFailure(ctx::fail);
  }

  void logout(RoutingContext ctx) {
    sessions.remove(token(ctx));
    ctx.response().addCookie(cookie("", 0));
    ctx.response().setStatusCode(204).end();
  }

  /** {@code GET /api/v1/session}: who is logged in (behind {@link #requireSession}); lets a reloaded page show the name. */
  void whoAmI(RoutingContext ctx) {
    Responses.json(ctx, 200, new JsonObject().put("user", (String) ctx.get(USER_KEY))
        .put("idle_timeout_seconds", sessions.idle().toSeconds()));
  }

  /** The guard in front of every dashboard route: 401 without a live session. */
  void requireSession(RoutingContext ctx) {
    Optional<String> user = user(ctx);
    if (user.isEmpty()) {
      ctx.fail(notLoggedIn());
      return;
    }
    ctx.put(USER_KEY, user.get());
    ctx.next();
  }

  Optional<String> user(RoutingContext ctx) {
    String token = token(ctx);
    Optional<String> user = sessions.touch(token);
    if (user.isPresent() && !users.exists(user.get())) {
      sessions.remove(token);
      return Optional.empty();
    }
    return user;
  }

  /** The 401 of every route that needs a session, the stream's handshake included. */
  static ApiException notLoggedIn() {
    return new ApiException(401, "not_logged_in", "log in first: POST /api/v1/session");
  }

  /** The session token of the request, or null. */
  static String token(RoutingContext ctx) {
    Cookie c = ctx.request().getCookie(COOKIE);
    return c == null ? null : c.getValue();
  }

  /** Whether a session is still live (not logged out, not idle too long, its account not deleted); no touch. */
  boolean isLive(String token) {
    return sessions.peek(token).map(users::exists).orElse(false);
  }

  private static Cookie cookie(String value, long maxAgeSeconds) {
    return Cookie.cookie(COOKIE, value)
        .setPath("/")
        .setHttpOnly(true)
        .setSecure(true)
        .setSameSite(CookieSameSite.STRICT)
        .setMaxAge(maxAgeSeconds);
  }
}
