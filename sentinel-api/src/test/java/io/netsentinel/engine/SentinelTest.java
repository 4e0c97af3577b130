package io.netsentinel.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsentinel.api.Alert;
import io.netsentinel.api.AlertJson;
import io.netsentinel.api.Detector;
import io.netsentinel.api.LinkTypes;
import io.netsentinel.api.PacketView;
import io.netsentinel.api.Settings;
import io.netsentinel.api.Severity;
import io.netsentinel.testkit.MemorySource;
import io.netsentinel.testkit.PacketBuilder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SentinelTest {
  private static final long S = 1_000_000_000L;

  /** Alerts on every SYN-only packet; the cooldown decides what gets through. */
  private static Detector synAlerter() {
    return (packet, alerts) -> {
      if (packet.isSynOnly()) {
        alerts.alert("TEST_SYN", Severity.MEDIUM).from(packet).message("syn").emit();
      }
    };
  }

  private static PacketBuilder syn(String src) {
    return new PacketBuilder().ipv4(src, "10.9.9.9").tcp(40000, 80, PacketView.TCP_SYN);
  }

  private static List<Alert> run(Settings settings, MemorySource source) throws Exception {
    List<Alert> alerts = Collections.synchronizedList(new ArrayList<>());
    try (Sentinel sentinel =
        Sentinel.builder()
            .settings(settings)
            .detector("syn-alerter", ctx -> synAlerter())
            .source(source)
            .sink(alerts::add)
            .build()) {
      sentinel.run();
    }
    return alerts;
  }

  @Test
  void theCooldownWorksInPacketTimeAndReportsWhatItSuppressed() throws Exception {
    MemorySource source =
        new MemorySource()
            .add(100 * S, syn("10.0.0.1"))
            .add(105 * S, syn("10.0.0.1"))
            .add(106 * S, syn("10.0.0.2"))
            .add(110 * S, syn("10.0.0.1"))
            .add(115 * S, syn("10.0.0.1"));
    List<Alert> alerts = run(Settings.of(Map.of("alert_cooldown", 15)), source);
    assertThat(alerts).extracting(Alert::srcIp).containsExactly("10.0.0.1", "10.0.0.2", "10.0.0.1");
    assertThat(alerts.get(0).timestamp().getEpochSecond()).isEqualTo(100);
    assertThat(alerts.get(0).attributes()).doesNotContainKey("suppressed_count");
    assertThat(alerts.get(2).timestamp().getEpochSecond()).isEqualTo(115);
    assertThat(alerts.get(2).attributes()).containsEntry("suppressed_count", "2");
  }

  @Test
  void aTimestampThatGoesBackwardsDoesNotReopenTheCooldown() throws Exception {
    MemorySource source =
        new MemorySource()
            .add(200 * S, syn("10.0.0.1"))
            .add(195 * S, syn("10.0.0.1"))
            .add(201 * S, syn("10.0.0.1"));
    List<Alert> alerts = run(Settings.empty(), source);
    assertThat(alerts).hasSize(1);
  }

  @Test
  void aLargeStepBackInTimeStartsANewTimelineWithFreshDetectors() throws Exception {
    List<Integer> created = new ArrayList<>();
    MemorySource source =
        new MemorySource()
            .add(2_000 * S, syn("10.0.0.1"))
            .add(2_001 * S, syn("10.0.0.1"))
            .add(1_000 * S, syn("10.0.0.1"))
            .add(1_000 * S + 1, syn("10.0.0.1"));
    List<Alert> alerts = new ArrayList<>();
    PipelineStats stats;
    try (Sentinel sentinel =
        Sentinel.builder()
            .detector("syn-alerter", ctx -> {
              created.add(created.size());
              return synAlerter();
            })
            .source(source)
            .sink(alerts::add)
            .build()) {
      stats = sentinel.run();
    }
    assertThat(stats.timelines()).isEqualTo(2);
    assertThat(stats.clockRegressions()).isZero();
    assertThat(created).hasSize(2);
    // The cooldown starts afresh too, and the second recording's alert carries its own time.
    assertThat(alerts).extracting(a -> a.timestamp().getEpochSecond()).containsExactly(2_000L, 1_000L);
  }

  @Test
  void sinksSeeTheEngineAndCaptureCountersWhileTheRunGoesOn() throws Exception {
    StatsProbeSinkProvider.SEEN.clear();
    MemorySource frames = new MemorySource().add(S, syn("10.0.0.1"));
    io.netsentinel.api.PacketSource withKernelStats = new io.netsentinel.api.PacketSource() {
      @Override
      public boolean next(io.netsentinel.api.RawFrame frame) {
        return frames.next(frame);
      }

      @Override
      public io.netsentinel.api.SourceStats stats() {
        return new io.netsentinel.api.SourceStats(1, 7, 3, -1, -1);
      }

      @Override
      public void close() {}
    };
    try (Sentinel sentinel = Sentinel.builder().detector("syn-alerter", c -> synAlerter()).source(withKernelStats)
        .sink("stats-probe").build()) {
      sentinel.run();
    }
    assertThat(StatsProbeSinkProvider.SEEN).singleElement().satisfies(m -> assertThat(m)
        .containsEntry("kernel_dropped", 7L).containsEntry("interface_dropped", 3L).containsKeys("packets", "alerts"));
  }

  @Test
  void aZeroCooldownLetsEveryAlertThrough() throws Exception {
    MemorySource source = new MemorySource().add(S, syn("10.0.0.1")).add(S, syn("10.0.0.1"));
    assertThat(run(Settings.of(Map.of("alert_cooldown", 0)), source)).hasSize(2);
  }

  @Test
  void theSameCaptureReadTwiceGivesTheSameAlertsWithTheSameIds() throws Exception {
    MemorySource source = new MemorySource();
    for (int i = 0; i < 200; i++) {
      source.add(i * 3 * S, syn("10.0.0." + (i % 7)));
    }
    AlertJson json = new AlertJson();
    List<String> first = run(Settings.empty(), source).stream().map(json::write).toList();
    List<String> second = run(Settings.empty(), source.rewind()).stream().map(json::write).toList();
    assertThat(first).hasSizeGreaterThan(20);
    assertThat(second).isEqualTo(first);
    assertThat(first.stream().distinct().count()).isEqualTo(first.size());
  }

  @Test
  void countsPacketsWireBytesDecodeErrorsAndAlertsPerDetector() throws Exception {
    byte[] good = syn("10.0.0.1").build();
    MemorySource source =
        new MemorySource()
            .add(S, good, LinkTypes.ETHERNET, 1500)
            .add(2 * S, new byte[] {1, 2, 3}, LinkTypes.ETHERNET)
            .add(S, syn("10.0.0.2"));
    List<Alert> alerts = new ArrayList<>();
    PipelineStats stats;
    try (Sentinel sentinel =
        Sentinel.builder().detector("syn-alerter", ctx -> synAlerter()).source(source).sink(alerts::add).build()) {
      stats = sentinel.run();
    }
    assertThat(stats.packets()).isEqualTo(3);
    assertThat(stats.bytes()).isEqualTo(1500 + 3 + good.length);
    assertThat(stats.decodeErrors()).isEqualTo(1);
    assertThat(stats.clockRegressions()).isEqualTo(1);
    assertThat(stats.alerts()).isEqualTo(2);
    assertThat(stats.alertsByDetector()).containsEntry("syn-alerter", 2L);
    assertThat(alerts).hasSize(2);
  }

  @Test
  void aThrowingDetectorIsCountedAndTheOthersStillSeeThePacket() throws Exception {
    AtomicLong seen = new AtomicLong();
    MemorySource source = new MemorySource().add(S, syn("10.0.0.1")).add(2 * S, syn("10.0.0.2"));
    PipelineStats stats;
    try (Sentinel sentinel =
        Sentinel.builder()
            .detector("broken", ctx -> (p, a) -> { throw new IllegalStateException("boom"); })
            .detector("counter", ctx -> (p, a) -> seen.incrementAndGet())
            .source(source)
            .build()) {
      stats = sentinel.run();
    }
    assertThat(stats.detectorErrors()).isEqualTo(2);
    assertThat(seen.get()).isEqualTo(2);
  }

  @Test
  void aFullQueueDropsAndCountsInLiveModeButWaitsOffline() throws Exception {
    MemorySource source = new MemorySource();
    for (int i = 0; i < 2000; i++) {
      source.add(S + i, syn("10.1." + (i / 250) + "." + (i % 250)));
    }
    Settings noCooldown = Settings.of(Map.of("alert_cooldown", 0));
    AtomicLong delivered = new AtomicLong();
    io.netsentinel.api.AlertSink slow = a -> {
      delivered.incrementAndGet();
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
    PipelineStats live;
    try (Sentinel sentinel = Sentinel.builder().settings(noCooldown).detector("syn-alerter", c -> synAlerter())
        .source(source).sink(slow).queueCapacity(10).dropWhenFull(true).build()) {
      live = sentinel.run();
    }
    assertThat(live.dropped()).isPositive();
    assertThat(delivered.get()).isEqualTo(2000 - live.dropped());

    delivered.set(0);
    PipelineStats offline;
    io.netsentinel.api.AlertSink counting = a -> delivered.incrementAndGet();
    try (Sentinel sentinel = Sentinel.builder().settings(noCooldown).detector("syn-alerter", c -> synAlerter())
        .source(source.rewind()).sink(counting).queueCapacity(10).build()) {
      offline = sentinel.run();
    }
    assertThat(offline.dropped()).isZero();
    assertThat(delivered.get()).isEqualTo(2000);
  }

  @Test
  void ticksReachDetectorsInPacketTime() throws Exception {
    List<Long> ticks = new ArrayList<>();
    Detector ticking = new Detector() {
      @Override
      public void inspect(PacketView packet, io.netsentinel.api.AlertEmitter alerts) {}

      @Override
      public void tick(long now, io.netsentinel.api.AlertEmitter alerts) {
        ticks.add(now);
      }
    };
    MemorySource source = new MemorySource()
        .add(10 * S, syn("10.0.0.1"))
        .add(10 * S + 5, syn("10.0.0.1"))
        .add(12 * S, syn("10.0.0.1"));
    try (Sentinel sentinel = Sentinel.builder().detector("ticking", c -> ticking).source(source).build()) {
      sentinel.run();
    }
    assertThat(ticks).containsExactly(10 * S, 12 * S, 12 * S);
  }

  /** A live-like source: scripted frames and idle periods, each idle stamped with the source's clock. */
  private static io.netsentinel.api.PacketSource scripted(long[] times, boolean[] idle) {
    return new io.netsentinel.api.PacketSource() {
      private final byte[] bytes = syn("10.0.0.1").build();
      private int next;

      @Override
      public boolean next(io.netsentinel.api.RawFrame frame) {
        throw new AssertionError("the engine polls");
      }

      @Override
      public Poll poll(io.netsentinel.api.RawFrame frame) {
        if (next == times.length) {
          return Poll.END;
        }
        int i = next++;
        frame.set(idle[i] ? new byte[0] : bytes, 0, idle[i] ? 0 : bytes.length, idle[i] ? 0 : bytes.length,
            LinkTypes.ETHERNET, times[i]);
        return idle[i] ? Poll.IDLE : Poll.FRAME;
      }

      @Override
      public io.netsentinel.api.SourceStats stats() {
        return new io.netsentinel.api.SourceStats(0, 0, 0, -1, -1);
      }

      @Override
      public void close() {}
    };
  }

  @Test
  void anIdleLiveSourceStillMovesPacketTimeSoDetectorsTickAndEmit() throws Exception {
    List<Long> ticks = new ArrayList<>();
    // Emits from tick once 3 s have passed since the first packet: what a detector waiting for a verdict does.
    Detector late = new Detector() {
      long first = Long.MIN_VALUE;
      boolean emitted;

      @Override
      public void inspect(PacketView packet, io.netsentinel.api.AlertEmitter alerts) {
        if (first == Long.MIN_VALUE) {
          first = packet.timestampNanos();
        }
      }

      @Override
      public void tick(long now, io.netsentinel.api.AlertEmitter alerts) {
        ticks.add(now);
        if (!emitted && first != Long.MIN_VALUE && now - first >= 3 * S) {
          emitted = true;
          alerts.alert("TEST_LATE", Severity.LOW).message("late").emit();
        }
      }
    };
    List<Alert> alerts = Collections.synchronizedList(new ArrayList<>());
    // Idle before the first frame changes nothing; then 1 frame and idle periods only; an idle stamp earlier than
    // the clock is ignored.
    long[] times = {5 * S, 10 * S, 10 * S + S / 2, 11 * S + S / 2, 11 * S, 14 * S};
    boolean[] idle = {true, false, true, true, true, true};
    PipelineStats stats;
    try (Sentinel sentinel = Sentinel.builder().detector("late", c -> late).source(scripted(times, idle))
        .sink(alerts::add).build()) {
      stats = sentinel.run();
    }
    // Ticks at the frame, at the first idle stamp a second on, then 14 s (when the alert is due), then the final tick.
    assertThat(ticks).containsExactly(10 * S, 11 * S + S / 2, 14 * S, 14 * S);
    assertThat(alerts).singleElement().satisfies(a -> assertThat(a.timestamp().getEpochSecond()).isEqualTo(14));
    assertThat(stats.packets()).as("idle polls are not packets").isEqualTo(1);
    assertThat(stats.clockRegressions()).isZero();
  }

  @Test
  void idlePollsTicksAndTheEndReachDetectorsAlikeOnOneWorkerOrTwo() throws Exception {
    // The idle script of the test above, with a second detector so that two workers split them.
    long[] times = {5 * S, 10 * S, 10 * S + S / 2, 11 * S + S / 2, 11 * S, 14 * S, 13 * S, 30 * S};
    boolean[] idle = {true, false, true, true, true, true, false, true};
    List<String> one = tickLog(times, idle, 1);
    List<String> two = tickLog(times, idle, 2);
    assertThat(one).contains("a tick 10000000000", "b finish").anyMatch(e -> e.startsWith("alert TEST_B"));
    assertThat(two).isEqualTo(one);
  }

  /** What two detectors see (inspect, tick, finish) and the alerts, in the order the sink gets them. */
  private static List<String> tickLog(long[] times, boolean[] idle, int workers) throws Exception {
    List<String> seenA = Collections.synchronizedList(new ArrayList<>());
    List<String> seenB = Collections.synchronizedList(new ArrayList<>());
    List<String> out = new ArrayList<>();
    try (Sentinel sentinel = Sentinel.builder().workers(workers)
        .detector("a", c -> recordingDetector("a", seenA))
        .detector("b", c -> recordingDetector("b", seenB))
        .source(scripted(times, idle)).sink(a -> out.add("alert " + a.category() + " " + a.timestamp()
            + " " + a.id())).build()) {
      assertThat(sentinel.detectionWorkers()).isEqualTo(workers);
      sentinel.run();
    }
    out.addAll(seenA);
    out.addAll(seenB);
    return out;
  }

  private static Detector recordingDetector(String name, List<String> seen) {
    return new Detector() {
      @Override
      public void inspect(PacketView packet, io.netsentinel.api.AlertEmitter alerts) {
        seen.add(name + " inspect " + packet.timestampNanos());
      }

      @Override
      public void tick(long now, io.netsentinel.api.AlertEmitter alerts) {
        seen.add(name + " tick " + now);
        alerts.alert("TEST_" + name.toUpperCase(java.util.Locale.ROOT), Severity.LOW).src(name + now, null)
            .message("tick").emit();
      }

      @Override
      public void finish(io.netsentinel.api.AlertEmitter alerts) {
        seen.add(name + " finish");
      }
    };
  }

  @Test
  void aFrameStampedBeforeAnIdleStampIsClampedToTheClock() throws Exception {
    List<Long> seen = new ArrayList<>();
    Detector recorder = (packet, alerts) -> seen.add(packet.timestampNanos());
    long[] times = {10 * S, 20 * S, 19 * S};
    boolean[] idle = {false, true, false};
    PipelineStats stats;
    try (Sentinel sentinel = Sentinel.builder().detector("rec", c -> recorder).source(scripted(times, idle)).build()) {
      stats = sentinel.run();
    }
    assertThat(seen).containsExactly(10 * S, 20 * S);
    assertThat(stats.clockRegressions()).isEqualTo(1);
  }

  @Test
  void metricsReportPluginCountersAndGaugesWhileTheRunGoesOn() throws Exception {
    java.util.concurrent.atomic.AtomicLong depth = new java.util.concurrent.atomic.AtomicLong(42);
    Detector counting = new Detector() {
      @Override
      public void inspect(PacketView packet, io.netsentinel.api.AlertEmitter alerts) {}
    };
    MemorySource source = new MemorySource().add(S, syn("10.0.0.1")).add(2 * S, syn("10.0.0.2"));
    try (Sentinel sentinel = Sentinel.builder()
        .detector("counting", c -> {
          java.util.concurrent.atomic.LongAdder seen = c.counter("built");
          seen.increment();
          c.gauge("queue_depth", depth::get);
          c.gauge("broken", () -> {
            throw new IllegalStateException("gone");
          });
          return counting;
        })
        .source(source).build()) {
      Sentinel.Metrics before = sentinel.metrics();
      assertThat(before.counters()).containsEntry("counting/built", 1L);
      assertThat(before.gauges()).containsEntry("counting/queue_depth", 42L).containsEntry("counting/broken", -1L);
      depth.set(7);
      sentinel.run();
      assertThat(sentinel.metrics().gauges()).containsEntry("counting/queue_depth", 7L);
      assertThat(sentinel.metrics().alertsDropped()).isZero();
    }
  }

  @Test
  void heldBackAsksTheCooldownFirstAndCountsTheRepeatAsEmitWould() throws Exception {
    List<Boolean> answers = new ArrayList<>();
    // Asks before composing; emits only when the cooldown would let the alert through.
    Detector asking = (packet, alerts) -> {
      boolean held = alerts.heldBack("TEST_SYN", packet.srcAddressText());
      answers.add(held);
      if (!held) {
        alerts.alert("TEST_SYN", Severity.MEDIUM).from(packet).cooldownKey(packet.srcAddressText()).emit();
      }
    };
    MemorySource source = new MemorySource()
        .add(100 * S, syn("10.0.0.1"))
        .add(105 * S, syn("10.0.0.1"))
        .add(106 * S, syn("10.0.0.1"))
        .add(120 * S, syn("10.0.0.1"));
    List<Alert> alerts = Collections.synchronizedList(new ArrayList<>());
    PipelineStats stats;
    try (Sentinel sentinel = Sentinel.builder().settings(Settings.of(Map.of("alert_cooldown", 15)))
        .detector("asking", c -> asking).source(source).sink(alerts::add).build()) {
      stats = sentinel.run();
    }
    assertThat(answers).containsExactly(false, true, true, false);
    // The same alerts, counts and suppressed_count as a detector that always emits (the first test above).
    assertThat(alerts).extracting(a -> a.timestamp().getEpochSecond()).containsExactly(100L, 120L);
    assertThat(alerts.get(1).attributes()).containsEntry("suppressed_count", "2");
    assertThat(stats.suppressed()).isEqualTo(2);
    assertThat(stats.alerts()).isEqualTo(2);
  }
}
