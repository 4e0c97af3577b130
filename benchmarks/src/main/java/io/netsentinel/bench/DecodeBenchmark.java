package io.netsentinel.bench;

import io.netsentinel.api.LinkTypes;
import io.netsentinel.api.PacketDecoder;
import io.netsentinel.api.PacketView;
import io.netsentinel.api.RawFrame;
import io.netsentinel.testkit.PacketBuilder;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The decoder alone on frames held in memory, one benchmark per common shape. Run with {@code -prof gc} to see that
 * decoding allocates nothing ({@code gc.alloc.rate.norm} ≈ 0 B/op), including the lazy DNS name.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DecodeBenchmark {
  private final RawFrame tcp = new RawFrame();
  private final RawFrame dns = new RawFrame();
  private final RawFrame ipv6 = new RawFrame();
  private final PacketView view = new PacketView();
  private final PacketDecoder decoder = new PacketDecoder();

  @Setup
  public void frames() {
    set(tcp, new PacketBuilder().vlan(10).ipv4("10.1.2.3", "93.184.216.34").tcp(50000, 443, 0x18).build());
    set(dns, new PacketBuilder().ipv4("10.1.2.3", "10.0.0.53").udp(50000, 53)
        .dnsQuery("a-rather-long-label.tunnel.example.com", false).build());
    set(ipv6, new PacketBuilder().ipv6("2001:db8::1", "2001:db8::2").ipv6Extension(0).tcp(1, 443, 2).build());
  }

  private static void set(RawFrame frame, byte[] bytes) {
    frame.set(bytes, 0, bytes.length, bytes.length, LinkTypes.ETHERNET, 1);
  }

  @Benchmark
  public int decodeVlanTcp() {
    decoder.decode(tcp, view);
    return view.dstPort();
  }

  @Benchmark
  public int decodeIpv6WithExtension() {
    decoder.decode(ipv6, view);
    return view.dstPort();
  }

  @Benchmark
  public int decodeDnsAndItsQueryName() {
    decoder.decode(dns, view);
    return view.dnsQueryNameLength() + view.dnsQueryName().length();
  }
}
