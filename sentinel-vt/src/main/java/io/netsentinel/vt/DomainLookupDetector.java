package io.netsentinel.vt;

import io.netsentinel.api.AlertEmitter;
import io.netsentinel.api.BoundedTable;
import io.netsentinel.api.PacketView;
import org.slf4j.Logger;

/**
 * {@code vt-domain}: every name asked in a DNS query (QR clear, to port 53), lowercased and without the trailing dot.
 * The querying host is the source of any alert. Names that cannot be public domains (one label, escaped bytes,
 * special-use top-level names such as {@code .local} or {@code .arpa}) are skipped.
 */
final class DomainLookupDetector extends LookupDetector {

  DomainLookupDetector(VtConfig config, LookupService service, BoundedTable<Void> pairs, Counters counters,
      Logger log) {
    super(IndicatorKind.DOMAIN, config, service, pairs, counters, log);
  }

  @Override
  public void inspect(PacketView p, AlertEmitter alerts) {
    if (!p.isDns() || p.isDnsResponse() || p.dstPort() != 53) {
      return;
    }
    CharSequence name = p.dnsQueryName();
    if (name == null) {
      return;
    }
    int length = DomainNames.length(name);
    if (length == 0) {
      return;
    }
    long srcHi = p.srcHi();
    long srcLo = p.srcLo();
    pairs.upsert(DomainNames.hashHi(name, length), DomainNames.hashLo(name, length), sourceKey(srcHi, srcLo),
        p.timestampNanos());
    long hits = ++pairs.values()[pairs.valueIndex()];
    if (!reportAt(hits)) {
      return;
    }
    if (!DomainNames.lookupable(name, length)) {
      if (hits == 1) {
        counters.skipped().increment();
      }
      return;
    }
    queue.offer(srcHi, srcLo, p.dstHi(), p.dstLo(), p.dstPort(), p.l4Protocol(), hits, name, length);
  }
}
