package io.netsentinel.bench;

import io.netsentinel.api.LinkTypes;
import io.netsentinel.api.PacketView;
import io.netsentinel.capture.PcapFileWriter;
import io.netsentinel.testkit.PacketBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes a realistic synthetic capture for the throughput benchmarks: a site of {@code internal} hosts in 10.0.0.0/16
 * talking to a pool of {@code external} hosts. The mix, per packet: about 62% TCP over a pool of {@code flows} live
 * flows, of which {@code newFlowPercent}% of packets open a new flow (a SYN that replaces a random flow of the pool),
 * 24% UDP (half of it DNS through 10.0.0.53), 8% ICMP echo, 3% ARP and 3% IPv6. Frame sizes follow the simple IMIX
 * (64, 576 and 1500 bytes in the ratio 7:4:1); packets are 1 µs apart. The same parameters always give the same file.
 *
 * <p>With {@code small}, every frame is 64 bytes (the worst case for per-packet costs, the best for bandwidth).
 */
public final class CaptureGenerator {
  private static final int[] SERVICE_PORTS = {443, 443, 443, 80, 80, 8443, 993, 22, 3306, 5222};
  private static final long START_NANOS = 1_700_000_000_000_000_000L;

  /** The shape of the site. */
  record Mix(int internalHosts, int externalHosts, int flows, double newFlowPercent, boolean small, long seed) {
    Mix {
      if (internalHosts < 1 || internalHosts > 65_000) {
        throw new IllegalArgumentException("internal hosts must be 1..65000 (10.0.0.0/16), was " + internalHosts);
      }
      if (externalHosts < 1 || flows < 1) {
        throw new IllegalArgumentException("external hosts and flows must be positive");
      }
      if (newFlowPercent < 0 || newFlowPercent > 100) {
        throw new IllegalArgumentException("new-flow percentage must be 0..100, was " + newFlowPercent);
      }
    }
  }

  /** The benchmark site: {@code internalHosts} internal hosts, 20,000 external ones, 20,000 flows, 2% new flows. */
  static Mix site(int internalHosts, boolean small) {
    return new Mix(internalHosts, 20_000, 20_000, 2, small, 42);
  }

  private final SplittableRandom random;
  private final Mix mix;
  private final String[] internal;
  private final String[] external;
  private final int[] flowSrc;
  private final int[] flowDst;
  private final int[] flowSport;
  private final int[] flowDport;
  private final int newFlowPerMillion;

  CaptureGenerator(Mix mix) {
    this.mix = mix;
    random = new SplittableRandom(mix.seed());
    internal = new String[mix.internalHosts()];
    for (int i = 0; i < internal.length; i++) {
      // Host numbers skip .0 and .255 of each /24 so that every address is a plausible host.
      int h = i + 1 + 2 * (i / 254);
      internal[i] = "10.0." + (h >>> 8) + "." + (h & 0xFF);
    }
    external = new String[mix.externalHosts()];
    for (int i = 0; i < external.length; i++) {
      external[i] = randomExternal();
    }
    int flows = mix.flows();
    flowSrc = new int[flows];
    flowDst = new int[flows];
    flowSport = new int[flows];
    flowDport = new int[flows];
    for (int i = 0; i < flows; i++) {
      newFlow(i);
    }
    newFlowPerMillion = (int) Math.round(mix.newFlowPercent() * 10_000);
  }

  public static void main(String[] args) throws IOException {
    if (args.length < 1 || args[0].equals("--help") || args[0].equals("-h")) {
      System.out.println("""
          usage: CaptureGenerator OUT.pcap [PACKETS] [imix|small] [options]
            PACKETS               frames to write (default 4000000)
            imix|small            frame sizes: simple IMIX (default) or every frame 64 bytes
            --internal N          internal hosts in 10.0.0.0/16 (default 4096)
            --external N          external hosts the site talks to (default 20000)
            --flows N             live TCP flows at any time (default 20000)
            --new-flows P         percent of all packets that open a new TCP flow (default 2)
            --seed S              random seed (default 42)""");
      return;
    }
    long packets = 4_000_000L;
    boolean small = false;
    int internalHosts = 4096;
    int externalHosts = 20_000;
    int flows = 20_000;
    double newFlows = 2;
    long seed = 42;
    int positional = 0;
    for (int i = 1; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--internal" -> internalHosts = Integer.parseInt(value(args, ++i, a));
        case "--external" -> externalHosts = Integer.parseInt(value(args, ++i, a));
        case "--flows" -> flows = Integer.parseInt(value(args, ++i, a));
        case "--new-flows" -> newFlows = Double.parseDouble(value(args, ++i, a));
        case "--seed" -> seed = Long.parseLong(value(args, ++i, a));
        default -> {
          if (a.startsWith("--")) {
            throw new IllegalArgumentException("unknown option " + a + " (see --help)");
          }
          if (positional++ == 0) {
            packets = Long.parseLong(a);
          } else {
            small = a.equals("small");
          }
        }
      }
    }
    Mix mix = new Mix(internalHosts, externalHosts, flows, newFlows, small, seed);
    new CaptureGenerator(mix).write(Path.of(args[0]), packets);
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }

  /** Writes {@code packets} frames to {@code out}. */
  void write(Path out, long packets) throws IOException {
    try (PcapFileWriter writer = new PcapFileWriter(out, LinkTypes.ETHERNET, 65535)) {
      for (long i = 0; i < packets; i++) {
        byte[] frame = next();
        writer.write(START_NANOS + i * 1_000L, frame, 0, frame.length, frame.length);
      }
    }
  }

  private void newFlow(int f) {
    flowSrc[f] = random.nextInt(internal.length);
    flowDst[f] = random.nextInt(external.length);
    flowSport[f] = 32768 + random.nextInt(28000);
    flowDport[f] = SERVICE_PORTS[random.nextInt(SERVICE_PORTS.length)];
  }

  private byte[] next() {
    int size = imix();
    if (random.nextInt(1_000_000) < newFlowPerMillion) {
      int f = random.nextInt(flowSrc.length);
      newFlow(f);
      PacketBuilder p = ethernet();
      p.ipv4(internal[flowSrc[f]], external[flowDst[f]]).tcp(flowSport[f], flowDport[f], PacketView.TCP_SYN);
      return pad(p, 64, 54);
    }
    int kind = random.nextInt(100);
    PacketBuilder p = ethernet();
    if (kind < 61) {
      int f = random.nextInt(flowSrc.length);
      boolean outbound = random.nextBoolean();
      // Flows of the initial pool were open before the capture began, so their packets are all mid-stream.
      int flags = PacketView.TCP_ACK | (random.nextInt(4) == 0 ? PacketView.TCP_PSH : 0);
      String src = internal[flowSrc[f]];
      String dst = external[flowDst[f]];
      if (outbound) {
        p.ipv4(src, dst).tcp(flowSport[f], flowDport[f], flags);
      } else {
        p.ipv4(dst, src).tcp(flowDport[f], flowSport[f], flags);
      }
      return pad(p, size, 54);
    }
    if (kind < 73) {
      String name = "host" + random.nextInt(5000) + ".svc" + random.nextInt(50) + ".example.com";
      if (random.nextBoolean()) {
        return p.ipv4(internalHost(), "10.0.0.53").udp(1024 + random.nextInt(60000), 53).dnsQuery(name, false).build();
      }
      return p.ipv4("10.0.0.53", internalHost()).udp(53, 1024 + random.nextInt(60000)).dnsQuery(name, true).build();
    }
    if (kind < 85) {
      int[] ports = {123, 443, 500, 1900, 5353, 4500};
      p.ipv4(internalHost(), externalHost()).udp(1024 + random.nextInt(60000), ports[random.nextInt(ports.length)]);
      return pad(p, size, 42);
    }
    if (kind < 93) {
      boolean request = random.nextBoolean();
      p.ipv4(internalHost(), random.nextBoolean() ? internalHost() : externalHost()).icmp(request ? 8 : 0, 0);
      return pad(p, Math.min(size, 98), 42);
    }
    if (kind < 96) {
      // Each host has one MAC of its own, so ARP stays consistent (no spoofing in a benign mix).
      int host = random.nextInt(internal.length);
      return p.arp(random.nextInt(3) == 0 ? 2 : 1, 0x0200_0001_0000L + host, internal[host], 0L, internalHost())
          .build();
    }
    p.ipv6("2001:db8:" + Integer.toHexString(random.nextInt(65536)) + "::" + Integer.toHexString(1 + random.nextInt(4000)),
            "2a00:1450:4001::" + Integer.toHexString(1 + random.nextInt(200)))
        .tcp(32768 + random.nextInt(28000), 443, PacketView.TCP_ACK);
    return pad(p, size, 74);
  }

  private PacketBuilder ethernet() {
    return new PacketBuilder().ethernet(0x0200_0000_0000L | random.nextInt(1 << 20), 0x0200_00ff_0001L);
  }

  private static byte[] pad(PacketBuilder p, int size, int headers) {
    return p.payload(new byte[Math.max(0, size - headers)]).build();
  }

  /** Simple IMIX: 64, 576 and 1500 bytes, 7:4:1. */
  private int imix() {
    int r = random.nextInt(12);
    if (mix.small()) {
      return 64;
    }
    return r < 7 ? 64 : r < 11 ? 576 : 1500;
  }

  private String internalHost() {
    return internal[random.nextInt(internal.length)];
  }

  private String externalHost() {
    return external[random.nextInt(external.length)];
  }

  private String randomExternal() {
    int a;
    do {
      a = 1 + random.nextInt(223);
    } while (a == 10 || a == 127 || a == 172 || a == 192 || a == 100 || a == 169);
    return a + "." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
  }
}
