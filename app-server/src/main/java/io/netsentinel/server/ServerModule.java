package io.netsentinel.server;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.netsentinel.store.AlertStore;
import io.vertx.core.Vertx;
import java.time.Clock;

/** The server's wiring, given its config, limits and clock. The store comes from {@link StoreModule}. */
final class ServerModule extends AbstractModule {
  private final ServerConfig config;
  private final ServerLimits limits;
  private final Clock clock;

  ServerModule(ServerConfig config, ServerLimits limits, Clock clock) {
    this.config = config;
    this.limits = limits;
    this.clock = clock;
  }

  @Override
  protected void configure() {
    bind(ServerConfig.class).toInstance(config);
    bind(ServerLimits.class).toInstance(limits);
    bind(Clock.class).toInstance(clock);
  }

  @Provides @Singleton Vertx vertx() {
    return Vertx.vertx();
  }

  @Provides @Singleton ServerMetrics metrics() {
    return new ServerMetrics();
  }

  @Provides @Singleton StreamHub stream(Vertx vertx, ServerMetrics metrics) {
    return new StreamHub(vertx, metrics);
  }

  @Provides @Singleton AgentStatusTracker status(AlertStore store, StreamHub stream, Vertx vertx) {
    return new AgentStatusTracker(store, clock, limits, stream, vertx);
  }

  @Provides @Singleton AgentAuth agentAuth(ServerMetrics metrics) {
    return new AgentAuth(new ApiKeyCheck(config.apiKey()),
        new FailureLimiter(clock, limits.authFailures(), limits.authFailureWindow()), metrics);
  }

  @Provides @Singleton AgentsApi agents(AlertStore store, AgentStatusTracker status, Vertx vertx) {
    return new AgentsApi(store, status, clock, limits, vertx);
  }

  @Provides @Singleton AlertIngestApi ingest(AlertStore store, AgentStatusTracker status, StreamHub stream,
      ServerMetrics metrics, Vertx vertx) {
    return new AlertIngestApi(store, status, new AlertRateLimiter(clock, limits.alertsPerWindow(),
        limits.alertWindow()), stream, metrics, clock, vertx);
  }

  @Provides @Singleton SessionApi session(ServerMetrics metrics, Vertx vertx) {
    return new SessionApi(new SessionStore(clock, limits.sessionIdle(), limits.maxSessions()),
        new Users(config.usersFile()), new FailureLimiter(clock, limits.authFailures(), limits.authFailureWindow()),
        metrics, vertx);
  }

  @Provides @Singleton DashboardApi dashboard(AlertStore store, AgentStatusTracker status, Vertx vertx) {
    return new DashboardApi(store, status, clock, vertx);
  }

  @Provides @Singleton StreamApi streamApi(SessionApi session, StreamHub stream) {
    return new StreamApi(session, stream);
  }
}
