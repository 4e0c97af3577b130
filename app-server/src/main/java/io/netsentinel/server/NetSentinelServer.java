package io.netsentinel.server;

import io.netsentinel.pki.TlsMaterial;
import io.netsentinel.pki.TlsPolicy;
import io.netsentinel.store.AlertStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.net.KeyCertOptions;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running server: HTTPS on the configured port, the offline check, and an orderly stop. */
final class NetSentinelServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NetSentinelServer.class);
  private static final java.time.Duration PURGE_EVERY = java.time.Duration.ofHours(1);

  private final Vertx vertx;
  private final ServerConfig config;
  private final ServerLimits limits;
  private final ApiRouter router;
  private final AgentStatusTracker status;
  private final AlertStore store;
  private final ServerMetrics metrics;
  private final java.time.Clock clock;
  private HttpServer server;
  private long timer = -1;
  private long purgeTimer = -1;

  @Inject
  NetSentinelServer(Vertx vertx, ServerConfig config, ServerLimits limits, ApiRouter router,
      AgentStatusTracker status, AlertStore store, ServerMetrics metrics, java.time.Clock clock) {
    this.vertx = vertx;
    this.config = config;
    this.limits = limits;
    this.router = router;
    this.status = status;
    this.store = store;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** Starts listening; returns the bound port (useful with port 0). */
  int start() throws IOException {
    HttpServerOptions options = new HttpServerOptions()
        .setSsl(true)
        .setSslEngineOptions(new JdkSSLEngineOptions())
        .setKeyCertOptions(KeyCertOptions.wrap(TlsMaterial.keyManager(config.serverCert(), config.serverKey())))
        .setEnabledSecureTransportProtocols(new LinkedHashSet<>(TlsPolicy.protocols()))
        .setDecompressionSupported(true)
        .setCompressionSupported(true)
        .setSslHandshakeTimeout(10)
        .setSslHandshakeTimeoutUnit(TimeUnit.SECONDS)
        .setIdleTimeout(120)
        .setIdleTimeoutUnit(TimeUnit.SECONDS)
        .setHost(config.listenHost())
        .setPort(config.port());
    for (String suite : TlsPolicy.cipherSuites()) {
      options.addEnabledCipherSuite(suite);
    }
    metrics.agentGauges(store::agentCount, status::onlineCount);
    server = vertx.createHttpServer(options)
        .requestHandler(router.build())
        .exceptionHandler(NetSentinelServer::connectionProblem);
    try {
      server.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new IOException("cannot listen on " + config.listenHost() + ":" + config.port() + ": " + cause.getMessage(),
          cause);
    }
    status.check();
    timer = vertx.setPeriodic(limits.statusCheckEvery().toMillis(), id -> status.check()
        .onFailure(e -> LOG.warn("agent status check failed: {}", e.toString())));
    purgeTimer = vertx.setPeriodic(PURGE_EVERY.toMillis(), id -> purge()
        .onFailure(e -> LOG.warn("retention purge failed: {}", e.toString())));
    return server.actualPort();
  }

  /** Deletes alerts received more than {@code retention_days} ago; runs hourly. */
  io.vertx.core.Future<Integer> purge() {
    return vertx.executeBlocking(() -> {
      int purged = store.purgeBefore(clock.instant().minus(java.time.Duration.ofDays(config.retentionDays())));
      if (purged > 0) {
        LOG.info("purged {} alerts older than {} days", purged, config.retentionDays());
      }
      return purged;
    }, false);
  }

  /**
   * Browsers, scanners and agents with a wrong CA break handshakes all day; that is not an error of the server. Such
   * problems are logged at debug, everything else at warn.
   */
  private static void connectionProblem(Throwable e) {
    boolean tls = e instanceof SSLException || e.getCause() instanceof SSLException
        || String.valueOf(e.getMessage()).contains("SSL") || e instanceof java.net.SocketException
        || e instanceof io.netty.handler.codec.DecoderException;
    if (tls || e instanceof IOException) {
      LOG.debug("connection closed: {}", e.toString());
    } else {
      LOG.warn("connection problem: {}", e.toString());
    }
  }

  int port() {
    return server.actualPort();
  }

  @Override
  public void close() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      vertx.cancelTimer(purgeTimer);
    }
    try {
      if (server != null) {
        server.shutdown(10, TimeUnit.SECONDS).toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      LOG.warn("HTTPS server did not stop cleanly: {}", e.toString());
    }
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("Vert.x did not stop cleanly: {}", e.toString());
    }
    store.close();
  }
}
