package io.netsentinel.server;

import io.vertx.ext.web.RoutingContext;

/**
 * The agent routes' guard: {@code X-API-Key} in constant time. A source IP with too many bad keys in the window gets
 * 429 with {@code Retry-After} before its key is even looked at.
 */
final class AgentAuth {
  private final ApiKeyCheck key;
  private final FailureLimiter failures;
  private final ServerMetrics metrics;

  AgentAuth(ApiKeyCheck key, FailureLimiter failures, ServerMetrics metrics) {
    this.key = key;
    this.failures = failures;
    this.metrics = metrics;
  }

  void handle(RoutingContext ctx) {
    String ip = ClientAddress.of(ctx);
    long wait = failures.blockedForSeconds("agent:" + ip);
    if (wait > 0) {
      ctx.fail(ApiException.tooMany("too many requests with a bad API key from " + ip + "; wait " + wait + " s",
          wait));
      return;
    }
    String given = ctx.request().getHeader("X-API-Key");
    if (!key.matches(given)) {
      failures.recordFailure("agent:" + ip);
      metrics.authFailures.increment();
      ctx.fail(new ApiException(401, "bad_api_key", given == null
          ? "missing X-API-Key header" : "X-API-Key does not match the server's api_key"));
      return;
    }
    ctx.next();
  }
}
