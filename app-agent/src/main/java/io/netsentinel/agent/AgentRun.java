package io.netsentinel.agent;

import com.google.inject.Inject;
import com.google.inject.Injector;
import com.google.inject.name.Named;
import io.netsentinel.api.SourceStats;
import io.netsentinel.engine.PipelineStats;
import io.netsentinel.engine.Sentinel;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run, as {@link AgentModule} assembled it: an offline analysis with its progress bar, or live capture with the
 * local endpoints, the tray and the stop signals; then the closing summary (or the {@code --json} stats line).
 */
final class AgentRun {
  private static final Logger LOG = LoggerFactory.getLogger(AgentRun.class);

  private final RunOptions options;
  private final Injector injector;
  private final Summary summary;
  private final PrintStream out;
  /** Counted down once the run has printed its summary or stats line: a SIGTERM's hook waits for it. */
  private final CountDownLatch reported = new CountDownLatch(1);

  @Inject
  AgentRun(RunOptions options, Injector injector, Summary summary, @Named("stdout") PrintStream out) {
    this.options = options;
    this.injector = injector;
    this.summary = summary;
    this.out = out;
  }

  int run() throws IOException {
    try {
      PipelineStats stats;
      SourceStats capture;
      try (Sentinel sentinel = injector.getInstance(Sentinel.class)) {
        if (options.live()) {
          stats = live(sentinel);
        } else {
          try (ProgressDisplay display = ProgressDisplay.start(sentinel, options.progress())) {
            stats = sentinel.run();
            display.finish();
          }
        }
        capture = sentinel.progress().source();
      }
      if (options.json()) {
        out.println(StatsLine.json(stats, capture));
      } else {
        summary.print(stats, capture, out);
      }
      out.flush();
      return 0;
    } finally {
      reported.countDown();
    }
  }

  /** Captures until SIGINT/SIGTERM, the tray's Stop or {@code --duration}; then the pipeline and the sinks flush. */
  private PipelineStats live(Sentinel sentinel) throws IOException {
    Vertx vertx = injector.getInstance(Vertx.class);
    Runnable stop = () -> {
      sentinel.stop();
      try {
        // Wakes a capture waiting for packets; the Sentinel closes it again (closing twice is safe).
        injector.getInstance(io.netsentinel.api.PacketSource.class).close();
      } catch (IOException e) {
        LOG.debug("closing the capture: {}", e.toString());
      }
    };
    LocalEndpoints endpoints = null;
    if (options.httpPort() > 0) {
      try {
        endpoints = LocalEndpoints.start(vertx, options.httpPort(), sentinel::progress, sentinel::metrics,
            summary::alertsByCategory);
        LOG.info("serving /healthz and /metrics on http://127.0.0.1:{}", endpoints.port());
      } catch (IOException e) {
        LOG.warn("cannot serve /healthz and /metrics on 127.0.0.1:{}: {}", options.httpPort(), e.getMessage());
      }
    }
    TrayRelay relay = injector.getInstance(TrayRelay.class);
    if (options.tray()) {
      String dashboard = options.dashboardUrl();
      AgentTray.start(() -> dashboard,
          () -> String.format("packets %,d%nserver %s", sentinel.progress().packets(), dashboard), stop)
          .ifPresent(relay::attach);
    }
    Thread hook = new Thread(() -> {
      stop.run();
      try {
        // Let the run flush its sinks (and the spool) and print its summary or stats line before the JVM exits.
        reported.await(15, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "netsentinel-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    if (options.duration() != null) {
      vertx.setTimer(Math.max(1, TimeUnit.SECONDS.toMillis(options.duration())), id -> stop.run());
    }
    LOG.info("capturing live{}; stop with Ctrl-C",
        options.duration() != null ? " for " + options.duration() + " s" : "");
    try {
      return sentinel.run();
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // Already shutting down: the hook is running and waits for us.
      }
      if (endpoints != null) {
        endpoints.close();
      }
      AgentTray t = relay.detach();
      if (t != null) {
        t.close();
      }
      closeQuietly(vertx);
    }
  }

  private static void closeQuietly(Vertx vertx) {
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      LOG.debug("closing Vert.x: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
