package io.netsentinel.bench;

import io.netsentinel.api.PacketSource;
import io.netsentinel.api.RawFrame;
import io.netsentinel.capture.CaptureFiles;
import io.netsentinel.engine.DetectionWorker;
import io.netsentinel.engine.PluginRegistry;
import io.netsentinel.engine.Sentinel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.slf4j.helpers.NOPLogger;

/**
 * Decode plus all eight traffic detectors (and the cooldown) on frames held in memory, through one long-lived
 * {@link DetectionWorker}: the per-packet cost of detection, without reading. Frames are replayed with ever-increasing
 * timestamps, so the detectors' state keeps evolving as in a live capture. A flow opens once on a real network, so
 * the replay turns each flow's opening SYN into an ACK (otherwise every replay round would reopen 20,000 flows and
 * raise brute-force alerts for the hosts with many SSH flows). With {@code -prof gc}, {@code gc.alloc.rate.norm} is
 * the allocation per packet.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx512m"})
public class DetectBenchmark {
  static final int FRAMES = 200_000;

  @Param({"imix", "small"})
  public String mix;

  /** Internal hosts of the generated site (per-key state grows with them). */
  @Param({"4096", "50000"})
  public int hosts;

  private byte[][] frames;
  private int[] linkTypes;
  private int[] wireLengths;
  private final RawFrame frame = new RawFrame();
  private PluginRegistry registry;
  private DetectionWorker worker;
  private long clock = 1_700_000_000_000_000_000L;
  private long alerts;

  @Setup(Level.Trial)
  public void load() throws IOException {
    Path capture = Files.createTempFile("netsentinel-detect", ".pcap");
    try {
      new CaptureGenerator(CaptureGenerator.site(hosts, mix.equals("small"))).write(capture, FRAMES);
      List<byte[]> bytes = new ArrayList<>();
      List<int[]> meta = new ArrayList<>();
      RawFrame f = new RawFrame();
      try (PacketSource source = CaptureFiles.open(capture, NOPLogger.NOP_LOGGER)) {
        while (source.next(f)) {
          bytes.add(Arrays.copyOfRange(f.buffer(), f.offset(), f.offset() + f.captureLength()));
          meta.add(new int[] {f.linkType(), f.wireLength()});
        }
      }
      frames = bytes.toArray(new byte[0][]);
      linkTypes = meta.stream().mapToInt(m -> m[0]).toArray();
      wireLengths = meta.stream().mapToInt(m -> m[1]).toArray();
    } finally {
      Files.deleteIfExists(capture);
    }
    for (byte[] b : frames) {
      openFlow(b);
    }
    registry = PluginRegistry.fromClasspath(DetectBenchmark.class.getClassLoader());
    worker = Sentinel.builder().registry(registry).buildWorker(alert -> alerts++);
    if (worker.detectorIds().size() != 8) {
      throw new IllegalStateException("expected the eight traffic detectors, found " + worker.detectorIds());
    }
  }

  /** Ethernet/IPv4/TCP SYN-only becomes an ACK. */
  private static void openFlow(byte[] b) {
    if (b.length < 54 || b[12] != 0x08 || b[13] != 0x00 || b[14 + 9] != 6) {
      return;
    }
    int flags = 14 + (b[14] & 0x0F) * 4 + 13;
    if (flags < b.length && (b[flags] & 0x12) == 0x02) {
      b[flags] = 0x10;
    }
  }

  @TearDown(Level.Trial)
  public void close() {
    worker.close();
    registry.close();
  }

  @Benchmark
  @OperationsPerInvocation(FRAMES)
  public long decodeAndAllEightDetectors() {
    for (int i = 0; i < frames.length; i++) {
      byte[] b = frames[i];
      clock += 1_000;
      frame.set(b, 0, b.length, wireLengths[i], linkTypes[i], clock);
      worker.process(frame);
    }
    return worker.packets() + alerts;
  }
}
