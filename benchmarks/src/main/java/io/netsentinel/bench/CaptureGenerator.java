package io.netsentinel.bench;

import io.netsentinel.api.LinkTypes;
import io.netsentinel.api.PacketView;
import io.netsentinel.capture.PcapFileWriter;
import io.netsentinel.testkit.PacketBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes a realistic synthetic capture for the throughput benchmarks. The mix, per packet: about 62% TCP over a pool
 * of 20,000 flows, 24% UDP (half of it DNS), 8% ICMP, 3% ARP and 3% IPv6; frame sizes follow the simple IMIX (64,
 * 576 and 1500 bytes in the ratio 7:4:1); packets are 1 µs apart. The same seed always gives the same file.
 *
 * <p>With {@code small}, every frame is 64 bytes (the worst case for per-packet costs, the best for bandwidth).
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.netsentinel.bench.CaptureGenerator OUT.pcap [PACKETS] [imix|small]}.
 */
public final class CaptureGenerator {
  private static final int FLOWS = 20_000;
  private static final int HOSTS = 4096;
  private static final int[] SERVICE_PORTS = {443, 443, 443, 80, 80, 8443, 993, 22, 3306, 5222};
  private static final long START_NANOS = 1_700_000_000_000_000_000L;

  private final SplittableRandom random;
  private final boolean small;
  private final String[] flowSrc = new String[FLOWS];
  private final String[] flowDst = new String[FLOWS];
  private final int[] flowSport = new int[FLOWS];
  private final int[] flowDport = new int[FLOWS];
  private final boolean[] flowOpened = new boolean[FLOWS];

  CaptureGenerator(long seed, boolean smallFrames) {
    random = new SplittableRandom(seed);
    small = smallFrames;
    for (int i = 0; i < FLOWS; i++) {
      flowSrc[i] = internal();
      flowDst[i] = external();
      flowSport[i] = 32768 + random.nextInt(28000);
      flowDport[i] = SERVICE_PORTS[random.nextInt(SERVICE_PORTS.length)];
    }
  }

  public static void main(String[] args) throws IOException {
    if (args.length < 1 || args[0].equals("--help")) {
      System.out.println("usage: CaptureGenerator OUT.pcap [PACKETS (default 4000000)] [imix|small]");
      return;
    }
    long packets = args.length > 1 ? Long.parseLong(args[1]) : 4_000_000L;
    boolean smallFrames = args.length > 2 && args[2].equals("small");
    new CaptureGenerator(42, smallFrames).write(Path.of(args[0]), packets);
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

  private byte[] next() {
    int size = imix();
    int kind = random.nextInt(100);
    PacketBuilder p = new PacketBuilder().ethernet(0x0200_0000_0000L | random.nextInt(1 << 20), 0x0200_00ff_0001L);
    if (kind < 62) {
      int f = random.nextInt(FLOWS);
      boolean outbound = random.nextBoolean();
      int flags;
      if (!flowOpened[f]) {
        flowOpened[f] = true;
        flags = PacketView.TCP_SYN;
        outbound = true;
      } else {
        flags = PacketView.TCP_ACK | (random.nextInt(4) == 0 ? PacketView.TCP_PSH : 0);
      }
      if (outbound) {
        p.ipv4(flowSrc[f], flowDst[f]).tcp(flowSport[f], flowDport[f], flags);
      } else {
        p.ipv4(flowDst[f], flowSrc[f]).tcp(flowDport[f], flowSport[f], flags);
      }
      return pad(p, size, 54);
    }
    if (kind < 74) {
      String name = "host" + random.nextInt(5000) + ".svc" + random.nextInt(50) + ".example.com";
      if (random.nextBoolean()) {
        return p.ipv4(internal(), "10.0.0.53").udp(1024 + random.nextInt(60000), 53).dnsQuery(name, false).build();
      }
      return p.ipv4("10.0.0.53", internal()).udp(53, 1024 + random.nextInt(60000)).dnsQuery(name, true).build();
    }
    if (kind < 86) {
      int[] ports = {123, 443, 500, 1900, 5353, 4500};
      p.ipv4(internal(), external()).udp(1024 + random.nextInt(60000), ports[random.nextInt(ports.length)]);
      return pad(p, size, 42);
    }
    if (kind < 94) {
      boolean request = random.nextBoolean();
      p.ipv4(internal(), random.nextBoolean() ? internal() : external()).icmp(request ? 8 : 0, 0);
      return pad(p, Math.min(size, 98), 42);
    }
    if (kind < 97) {
      String ip = internal();
      return p.arp(random.nextInt(3) == 0 ? 2 : 1, 0x0200_0000_0000L | (ip.hashCode() & 0xFFFFFF), ip, 0L, internal())
          .build();
    }
    p.ipv6("2001:db8:" + Integer.toHexString(random.nextInt(65536)) + "::" + Integer.toHexString(1 + random.nextInt(4000)),
            "2a00:1450:4001::" + Integer.toHexString(1 + random.nextInt(200)))
        .tcp(32768 + random.nextInt(28000), 443, PacketView.TCP_ACK);
    return pad(p, size, 74);
  }

  private static byte[] pad(PacketBuilder p, int size, int headers) {
    return p.payload(new byte[Math.max(0, size - headers)]).build();
  }

  /** Simple IMIX: 64, 576 and 1500 bytes, 7:4:1. */
  private int imix() {
    int r = random.nextInt(12);
    if (small) {
      return 64;
    }
    return r < 7 ? 64 : r < 11 ? 576 : 1500;
  }

  private String internal() {
    int host = random.nextInt(HOSTS);
    return "10.0." + (host >>> 8) + "." + (host & 0xFF);
  }

  private String external() {
    int a;
    do {
      a = 1 + random.nextInt(223);
    } while (a == 10 || a == 127 || a == 172 || a == 192 || a == 100 || a == 169);
    return a + "." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
  }
}
