package io.netsentinel.detectors;

import io.netsentinel.api.AlertEmitter;
import io.netsentinel.api.Addresses;
import io.netsentinel.api.BoundedTable;
import io.netsentinel.api.Categories;
import io.netsentinel.api.Detector;
import io.netsentinel.api.DetectorContext;
import io.netsentinel.api.PacketView;
import io.netsentinel.api.Settings;
import io.netsentinel.api.Severity;
import java.util.Arrays;
import java.util.StringJoiner;

/**
 * One source probing at least {@code port_scan_threshold} distinct destination ports within {@code
 * port_scan_window}, across any destinations. A probe is a TCP segment with ACK and RST clear (SYN, FIN, NULL and Xmas
 * scans), or a UDP datagram that an ICMP port-unreachable answered. Replies never count, so a server answering many
 * clients is not a scanner.
 */
final class PortScanDetector implements Detector {
  private static final int UDP_TAG = 1 << 16;
  private static final int KIND_SYN = 1;
  private static final int KIND_FIN = 2;
  private static final int KIND_NULL = 4;
  private static final int KIND_XMAS = 8;
  private static final int KIND_OTHER = 16;
  private static final int KIND_UDP = 32;

  record Config(long windowNanos, int threshold) {
    static Config from(Settings s) {
      return new Config(s.getDurationNanos("port_scan_window"), s.getInt("port_scan_threshold"));
    }
  }

  /** The distinct ports one source probed recently, and the kinds of probe it used. */
  static final class Probes {
    final RecentDistinct ports;
    int kinds;

    Probes(int threshold) {
      ports = new RecentDistinct(threshold);
    }

    void reset() {
      ports.clear();
      kinds = 0;
    }
  }

  private final Config config;
  private final BoundedTable<Probes> probers;

  PortScanDetector(DetectorContext context) {
    this.config = Config.from(context.settings());
    this.probers = context.table("probers", config.windowNanos(), () -> new Probes(config.threshold()));
  }

  @Override
  public void inspect(PacketView p, AlertEmitter alerts) {
    if (p.isTcp()) {
      int flags = p.tcpFlags();
      if ((flags & (PacketView.TCP_ACK | PacketView.TCP_RST)) != 0) {
        return;
      }
      probe(p.srcHi(), p.srcLo(), p.dstPort(), kind(flags), p, alerts);
    } else if (p.l4Protocol() == PacketView.PROTO_ICMP
        && p.icmpType() == 3
        && p.icmpCode() == 3
        && p.hasQuotedPacket()
        && p.quotedProtocol() == PacketView.PROTO_UDP
        && p.quotedDstPort() >= 0) {
      // The unreachable port was probed by the host the quoted datagram came from.
      probe(p.quotedSrcHi(), p.quotedSrcLo(), p.quotedDstPort() | UDP_TAG, KIND_UDP, p, alerts);
    }
  }

  private static int kind(int flags) {
    int f = flags & 0x3F;
    if (f == PacketView.TCP_SYN) {
      return KIND_SYN;
    }
    if (f == PacketView.TCP_FIN) {
      return KIND_FIN;
    }
    if (f == 0) {
      return KIND_NULL;
    }
    if (f == (PacketView.TCP_FIN | PacketView.TCP_PSH | PacketView.TCP_URG)) {
      return KIND_XMAS;
    }
    return KIND_OTHER;
  }

  private void probe(long hi, long lo, int port, int kind, PacketView p, AlertEmitter alerts) {
    long now = p.timestampNanos();
    Probes probes = probers.upsert(hi, lo, 0, now);
    if (probers.wasCreated()) {
      probes.reset();
    }
    probes.kinds |= kind;
    RecentDistinct ports = probes.ports;
    if (ports.add(port, now, config.windowNanos()) < config.threshold()) {
      return;
    }
    boolean udp = kind == KIND_UDP;
    long first = ports.times[0];
    int[] sample = Arrays.copyOf(ports.values, ports.count);
    Arrays.sort(sample);
    StringJoiner portList = new StringJoiner(",");
    for (int p1 : sample) {
      portList.add(((p1 & UDP_TAG) != 0 ? "udp/" : "") + (p1 & 0xFFFF));
    }
    String actor = Addresses.format(hi, lo);
    String type = typeName(probes.kinds);
    alerts
        .alert(Categories.PORT_SCAN, Severity.HIGH)
        .src(actor, null)
        .dest(udp ? Addresses.format(p.quotedDstHi(), p.quotedDstLo()) : p.dstAddressText(), null)
        .proto(udp ? "UDP" : "TCP")
        .message("Port scan: " + actor + " probed " + ports.count + " distinct ports in "
            + Format.seconds(now - first) + " (" + type + ")")
        .attribute("distinct_ports", Integer.toString(ports.count))
        .attribute("ports", portList.toString())
        .attribute("scan_type", type)
        .attribute("window_seconds", Format.windowSeconds(config.windowNanos()))
        .emit();
    probes.reset();
  }

  private static String typeName(int kinds) {
    StringJoiner names = new StringJoiner("+");
    if ((kinds & KIND_SYN) != 0) {
      names.add("SYN");
    }
    if ((kinds & KIND_FIN) != 0) {
      names.add("FIN");
    }
    if ((kinds & KIND_NULL) != 0) {
      names.add("NULL");
    }
    if ((kinds & KIND_XMAS) != 0) {
      names.add("XMAS");
    }
    if ((kinds & KIND_OTHER) != 0) {
      names.add("other TCP");
    }
    if ((kinds & KIND_UDP) != 0) {
      names.add("UDP");
    }
    return names + " scan";
  }

  @Override
  public void tick(long now, AlertEmitter alerts) {
    probers.expire(now);
  }
}
