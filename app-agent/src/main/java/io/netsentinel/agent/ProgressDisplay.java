package io.netsentinel.agent;

import io.netsentinel.api.SourceStats;
import io.netsentinel.engine.Sentinel;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A progress bar on stderr over the bytes of the capture read so far, for long offline reads. */
final class ProgressDisplay implements AutoCloseable {
  private static final long MIB = 1L << 20;

  private final ProgressBar bar;
  private final ScheduledExecutorService timer;

  private ProgressDisplay(ProgressBar bar, ScheduledExecutorService timer) {
    this.bar = bar;
    this.timer = timer;
  }

  /** Starts a bar when {@code enabled}; otherwise a display that does nothing. */
  static ProgressDisplay start(Sentinel sentinel, boolean enabled) {
    // Built before the run starts; the bar is drawn by a timer thread reading the engine's progress counters.
    if (!enabled) {
      return new ProgressDisplay(null, null);
    }
    SourceStats first = sentinel.progress().source();
    ProgressBar bar =
        new ProgressBarBuilder()
            .setTaskName("Reading")
            .setInitialMax(first.bytesTotal() > 0 ? first.bytesTotal() : -1)
            .setStyle(ProgressBarStyle.ASCII)
            .setUnit(" MiB", MIB)
            .setUpdateIntervalMillis(250)
            .showSpeed()
            .setConsumer(new ConsoleProgressBarConsumer(System.err))
            .build();
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "netsentinel-progress");
              t.setDaemon(true);
              return t;
            });
    timer.scheduleAtFixedRate(
        () -> {
          Sentinel.Progress p = sentinel.progress();
          bar.stepTo(Math.max(0, p.source().bytesRead()));
          bar.setExtraMessage(String.format(" %,d packets", p.packets()));
        },
        0,
        250,
        TimeUnit.MILLISECONDS);
    return new ProgressDisplay(bar, timer);
  }

  /** Shows the final position before the bar closes, so a finished read reads 100%. */
  void finish() {
    if (bar != null) {
      timer.shutdownNow();
      bar.stepTo(bar.getMax() > 0 ? bar.getMax() : bar.getCurrent());
    }
  }

  @Override
  public void close() {
    if (timer != null) {
      timer.shutdownNow();
      bar.close();
    }
  }
}
