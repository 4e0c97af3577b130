package io.netsentinel.examples.ttl;

import io.netsentinel.api.AlertEmitter;
import io.netsentinel.api.BoundedTable;
import io.netsentinel.api.Detector;
import io.netsentinel.api.DetectorContext;
import io.netsentinel.api.PacketView;
import java.util.concurrent.atomic.LongAdder;

/**
 * A source address whose packets arrive with a TTL (IPv6: hop limit) far from the one learned for it. The TTL a sensor
 * sees from a host is its operating system's initial TTL less the routers on the way, and both are stable; packets
 * that claim the address but come from another machine or another place (spoofing, an injected reset or DNS answer, a
 * man in the middle on another path) usually carry another TTL.
 *
 * <p>The first {@code learning_packets} packets of a source make its baseline: the lowest and highest TTL seen. After
 * that a packet whose TTL is at least {@code min_deviation} outside the baseline is anomalous, and {@code
 * confirm_packets} anomalous packets with the same TTL within {@code confirm_window} raise an alert: a new origin
 * sends with one steady TTL, while traceroute-style probes change it every few packets. The alert adopts the new TTL
 * as the baseline, so a lasting route change alerts once, and two origins competing for one address alert again
 * (held back by the engine's cooldown, per source). A source silent for {@code baseline_idle} is learned again.
 *
 * <p>Packets to multicast and broadcast addresses, from the unspecified address, and IPv6 neighbour discovery are
 * ignored: their senders use fixed TTLs (1, 255) that differ from their unicast traffic by design.
 *
 * <p>State is one entry of six longs per source in a bounded value table, so the packet path allocates nothing.
 */
final class TtlAnomalyDetector implements Detector {
  static final String CATEGORY = "TTL_ANOMALY";

  private static final int LOW = 0;
  private static final int HIGH = 1;
  private static final int LEARNED = 2;
  private static final int CANDIDATE_TTL = 3;
  private static final int CANDIDATE_COUNT = 4;
  private static final int CANDIDATE_SINCE = 5;
  private static final int VALUES = 6;

  private final TtlAnomalyConfig config;
  private final BoundedTable<Void> baselines;
  private final LongAdder anomalousPackets;
  private final LongAdder baselineChanges;

  TtlAnomalyDetector(TtlAnomalyConfig config, DetectorContext context) {
    this.config = config;
    this.baselines = context.valueTable("baselines", config.baselineIdleNanos(), VALUES);
    this.anomalousPackets = context.counter("anomalous_packets");
    this.baselineChanges = context.counter("baseline_changes");
  }

  @Override
  public void inspect(PacketView p, AlertEmitter alerts) {
    int ttl = p.ttl();
    if (ttl < 0 || ignored(p)) {
      return;
    }
    long now = p.timestampNanos();
    baselines.upsert(p.srcHi(), p.srcLo(), 0, now);
    long[] v = baselines.values();
    int i = baselines.valueIndex();
    if (v[i + LEARNED] < config.learningPackets()) {
      learn(v, i, ttl);
      return;
    }
    int deviation = ttl < v[i + LOW] ? (int) v[i + LOW] - ttl : ttl > v[i + HIGH] ? ttl - (int) v[i + HIGH] : 0;
    if (deviation < config.minDeviation()) {
      return;
    }
    anomalousPackets.increment();
    if (v[i + CANDIDATE_COUNT] == 0
        || v[i + CANDIDATE_TTL] != ttl
        || now - v[i + CANDIDATE_SINCE] > config.confirmWindowNanos()) {
      v[i + CANDIDATE_TTL] = ttl;
      v[i + CANDIDATE_COUNT] = 0;
      v[i + CANDIDATE_SINCE] = now;
    }
    if (++v[i + CANDIDATE_COUNT] < config.confirmPackets()) {
      return;
    }
    report(p, alerts, (int) v[i + LOW], (int) v[i + HIGH], ttl, deviation);
    baselineChanges.increment();
    v[i + LOW] = ttl;
    v[i + HIGH] = ttl;
    v[i + CANDIDATE_COUNT] = 0;
  }

  private static void learn(long[] v, int i, int ttl) {
    if (v[i + LEARNED] == 0 || ttl < v[i + LOW]) {
      v[i + LOW] = ttl;
    }
    if (v[i + LEARNED] == 0 || ttl > v[i + HIGH]) {
      v[i + HIGH] = ttl;
    }
    v[i + LEARNED]++;
  }

  /** Traffic whose TTL says nothing about where its sender is. */
  private static boolean ignored(PacketView p) {
    if (p.isIpv4()) {
      int dst = p.dstIpv4();
      return (dst >>> 28) == 0xE || dst == -1 || p.srcIpv4() == 0;
    }
    boolean multicast = (p.dstHi() >>> 56) == 0xFF;
    boolean unspecified = p.srcHi() == 0 && p.srcLo() == 0;
    // Router and neighbour solicitations and advertisements, and redirects, must carry hop limit 255 (RFC 4861).
    boolean neighbourDiscovery =
        p.l4Protocol() == PacketView.PROTO_ICMPV6 && p.icmpType() >= 133 && p.icmpType() <= 137;
    return multicast || unspecified || neighbourDiscovery;
  }

  private void report(PacketView p, AlertEmitter alerts, int low, int high, int ttl, int deviation) {
    String src = p.srcAddressText();
    String learned = low == high ? Integer.toString(low) : low + "-" + high;
    alerts
        .alert(CATEGORY, config.severity())
        .from(p)
        .message("TTL anomaly: " + src + " arrives with TTL " + ttl + " (" + hops(ttl) + ") instead of the learned "
            + learned + " (" + hops(high) + ") in " + config.confirmPackets() + " packets: another machine or path "
            + "uses this address (spoofing, injection or a man in the middle)")
        .attribute("learned_ttl", learned)
        .attribute("observed_ttl", Integer.toString(ttl))
        .attribute("deviation", Integer.toString(deviation))
        .attribute("observed_initial_ttl", Integer.toString(initialTtl(ttl)))
        .attribute("learned_initial_ttl", Integer.toString(initialTtl(high)))
        .attribute("packets", Integer.toString(config.confirmPackets()))
        .emit();
  }

  /** "initial 64, 10 hops": the usual initial TTLs are 32, 64, 128 and 255, so the next one up is the guess. */
  private static String hops(int ttl) {
    int initial = initialTtl(ttl);
    return "initial " + initial + ", " + (initial - ttl) + " hops";
  }

  static int initialTtl(int ttl) {
    return ttl <= 32 ? 32 : ttl <= 64 ? 64 : ttl <= 128 ? 128 : 255;
  }

  @Override
  public void tick(long packetTimeNanos, AlertEmitter alerts) {
    baselines.expire(packetTimeNanos);
  }
}
