package io.netsentinel.server;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import jakarta.inject.Inject;

/**
 * Every route of the API, in one place (docs/api.md describes them; so does resources/openapi.json, and {@code
 * OpenApiDocumentTest} fails when a route here is missing from it).
 */
final class ApiRouter {
  private final Vertx vertx;
  private final ServerLimits limits;
  private final ServerMetrics metrics;
  private final AgentAuth agentAuth;
  private final AgentsApi agents;
  private final AlertIngestApi ingest;
  private final SessionApi session;
  private final DashboardApi dashboard;
  private final StreamApi stream;

  @Inject
  ApiRouter(Vertx vertx, ServerLimits limits, ServerMetrics metrics, AgentAuth agentAuth, AgentsApi agents,
      AlertIngestApi ingest, SessionApi session, DashboardApi dashboard, StreamApi stream) {
    this.vertx = vertx;
    this.limits = limits;
    this.metrics = metrics;
    this.agentAuth = agentAuth;
    this.agents = agents;
    this.ingest = ingest;
    this.session = session;
    this.dashboard = dashboard;
    this.stream = stream;
  }

  Router build() {
    Router r = Router.router(vertx);
    r.route().handler(metrics::timeRequest);
    r.route().handler(SecurityHeaders::handle);
    BodyHandler body = BodyHandler.create(false).setBodyLimit(limits.maxBodyBytes());

    // Open routes.
    r.get("/healthz").handler(ctx -> Responses.json(ctx, 200, new JsonObject().put("status", "ok")));
    r.get("/metrics").handler(ctx -> ctx.response()
        .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(metrics.scrape()));
    r.get("/api/v1/openapi.json").handler(new OpenApiDocument()::handle);

    // Agent routes: the key is checked (in routes of its own) before the body is read.
    r.post("/api/v1/agents/*").handler(agentAuth::handle);
    r.post("/api/v1/alerts").handler(agentAuth::handle);
    r.post("/api/v1/agents/register").handler(body).handler(agents::register);
    r.post("/api/v1/agents/:id/heartbeat").handler(body).handler(agents::heartbeat);
    r.post("/api/v1/alerts").handler(body).handler(ingest::ingest);

    // Dashboard session.
    r.post("/api/v1/session").handler(body).handler(session::login);
    r.delete("/api/v1/session").handler(session::logout);
    r.get("/api/v1/session").handler(session::requireSession).handler(session::whoAmI);

    // Dashboard routes.
    r.get("/api/v1/stream").handler(stream::upgrade);
    r.get("/api/v1/alerts").handler(session::requireSession).handler(dashboard::alerts);
    r.get("/api/v1/agents").handler(session::requireSession).handler(agents::list);
    r.get("/api/v1/stats").handler(session::requireSession).handler(dashboard::stats);
    r.get("/api/v1/export").handler(session::requireSession).handler(dashboard::export);

    // The dashboard page: static files from this jar (webroot/ and the Chart.js WebJar), never from a CDN. The page
    // itself holds no data; it shows its login form until the API answers with a session.
    r.get("/webjars/*").handler(StaticHandler.create("META-INF/resources/webjars").setCachingEnabled(false)
        .setDirectoryListing(false).setIncludeHidden(false));
    r.get("/assets/*").handler(StaticHandler.create("webroot/assets").setCachingEnabled(false)
        .setDirectoryListing(false).setIncludeHidden(false).setDefaultContentEncoding("UTF-8"));
    r.get("/").handler(StaticHandler.create("webroot").setCachingEnabled(false).setDirectoryListing(false)
        .setIndexPage("index.html").setDefaultContentEncoding("UTF-8"));

    r.route().failureHandler(ErrorHandler::handle);
    for (int status : new int[] {400, 404, 405, 413, 415}) {
      r.errorHandler(status, ctx -> Responses.error(ctx, ErrorHandler.byStatus(status)));
    }
    r.errorHandler(500, ErrorHandler::handle);
    return r;
  }

}
