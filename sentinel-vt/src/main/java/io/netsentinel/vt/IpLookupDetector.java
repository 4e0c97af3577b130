package io.netsentinel.vt;

import io.netsentinel.api.AlertEmitter;
import io.netsentinel.api.BoundedTable;
import io.netsentinel.api.PacketView;
import org.slf4j.Logger;

/**
 * {@code vt-ip}: the destinations of traffic that leaves the home networks. A packet from an internal host
 * ({@code home_networks}) to a public address is a sighting of that address, with the internal host as the source
 * of any alert. Private, loopback, link-local, multicast, broadcast, reserved and (unless configured) documentation
 * destinations are skipped.
 */
final class IpLookupDetector extends LookupDetector {
  private final AddressPolicy policy;

  IpLookupDetector(VtConfig config, LookupService service, BoundedTable<Void> pairs, Counters counters, Logger log) {
    super(IndicatorKind.IP, config, service, pairs, counters, log);
    this.policy = new AddressPolicy(config.homeNetworks(), config.lookupDocumentationRanges());
  }

  @Override
  public void inspect(PacketView p, AlertEmitter alerts) {
    if (p.ipVersion() == 0) {
      return;
    }
    long srcHi = p.srcHi();
    long srcLo = p.srcLo();
    if (!policy.isInternal(srcHi, srcLo)) {
      return;
    }
    long dstHi = p.dstHi();
    long dstLo = p.dstLo();
    int verdict = policy.classify(dstHi, dstLo);
    if (verdict == AddressPolicy.INTERNAL) {
      return;
    }
    pairs.upsert(dstHi, dstLo, sourceKey(srcHi, srcLo), p.timestampNanos());
    long hits = ++pairs.values()[pairs.valueIndex()];
    if (verdict == AddressPolicy.SKIP) {
      if (hits == 1) {
        counters.skipped().increment();
      }
      return;
    }
    if (reportAt(hits)) {
      queue.offer(srcHi, srcLo, dstHi, dstLo, p.dstPort(), p.l4Protocol(), hits, null, 0);
    }
  }
}
