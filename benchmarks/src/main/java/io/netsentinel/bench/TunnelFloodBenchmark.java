package io.netsentinel.bench;

import io.netsentinel.api.LinkTypes;
import io.netsentinel.api.RawFrame;
import io.netsentinel.engine.DetectionWorker;
import io.netsentinel.engine.PluginRegistry;
import io.netsentinel.engine.Sentinel;
import io.netsentinel.testkit.PacketBuilder;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The detectors during an attack: a DNS tunnel from one host, every query 180 characters long, so {@code dns-tunnel}
 * fires on every packet and the cooldown holds back all but one alert per 15 s. With {@code -prof gc},
 * {@code gc.alloc.rate.norm} is what one held-back query costs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = {"-Xmx256m"})
public class TunnelFloodBenchmark {
  private final byte[][] queries = new byte[64][];
  private final RawFrame frame = new RawFrame();
  private PluginRegistry registry;
  private DetectionWorker worker;
  private long clock = 1_700_000_000_000_000_000L;
  private int next;
  private long alerts;

  @Setup(Level.Trial)
  public void setUp() {
    for (int i = 0; i < queries.length; i++) {
      String name = "a" + "x".repeat(60) + "." + "y".repeat(60) + "." + "z".repeat(40) + i + ".tunnel.example.com";
      queries[i] = new PacketBuilder().ipv4("10.0.0.5", "10.0.0.53").udp(40_000, 53).dnsQuery(name, false).build();
    }
    registry = PluginRegistry.fromClasspath(TunnelFloodBenchmark.class.getClassLoader());
    worker = Sentinel.builder().registry(registry).detectors("dns-tunnel").buildWorker(alert -> alerts++);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    worker.close();
    registry.close();
  }

  @Benchmark
  public long heldBackQuery() {
    byte[] b = queries[next++ & 63];
    clock += 10_000; // 100,000 queries per second
    frame.set(b, 0, b.length, b.length, LinkTypes.ETHERNET, clock);
    worker.process(frame);
    return alerts;
  }
}
