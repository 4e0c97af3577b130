package io.netsentinel.bench;

import io.netsentinel.api.PacketDecoder;
import io.netsentinel.api.PacketSource;
import io.netsentinel.api.PacketView;
import io.netsentinel.api.RawFrame;
import io.netsentinel.capture.CaptureFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * Reading a generated capture from disk (page cache) and decoding every frame: the cost the engine pays before any
 * detector runs. Scores are nanoseconds per packet; packets per second is 10⁹ divided by the score.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ReadDecodeBenchmark {
  static final int PACKETS = 1_000_000;

  /** A capture to read instead of generating one (set with -p file=PATH). */
  @Param({""})
  public String file;

  /** The generated mix: {@code imix} (64/576/1500 bytes, 7:4:1) or {@code small} (all 64 bytes). */
  @Param({"imix", "small"})
  public String mix;

  /** Internal hosts of the generated site (reading and decoding do not depend on them). */
  @Param({"4096"})
  public int hosts;

  private Path capture;
  private boolean generated;

  @Setup(Level.Trial)
  public void generate() throws IOException {
    if (!file.isEmpty()) {
      capture = Path.of(file);
      return;
    }
    capture = Files.createTempFile("netsentinel-bench", ".pcap");
    generated = true;
    new CaptureGenerator(CaptureGenerator.site(hosts, mix.equals("small"))).write(capture, PACKETS);
  }

  @TearDown(Level.Trial)
  public void delete() throws IOException {
    if (generated) {
      Files.deleteIfExists(capture);
    }
  }

  /** Read only: the reader's own cost. */
  @Benchmark
  @OperationsPerInvocation(PACKETS)
  public long read() throws IOException {
    long bytes = 0;
    RawFrame frame = new RawFrame();
    try (PacketSource source = CaptureFiles.open(capture, NOPLogger.NOP_LOGGER)) {
      while (source.next(frame)) {
        bytes += frame.wireLength();
      }
    }
    return bytes;
  }

  /** Read and decode every frame, touching the decoded fields so nothing is optimised away. */
  @Benchmark
  @OperationsPerInvocation(PACKETS)
  public long readAndDecode() throws IOException {
    long sum = 0;
    RawFrame frame = new RawFrame();
    PacketView view = new PacketView();
    PacketDecoder decoder = new PacketDecoder();
    try (PacketSource source = CaptureFiles.open(capture, NOPLogger.NOP_LOGGER)) {
      while (source.next(frame)) {
        decoder.decode(frame, view);
        sum += view.dstPort() + view.srcLo() + view.tcpFlags() + view.arpSenderIp();
      }
    }
    return sum;
  }
}
