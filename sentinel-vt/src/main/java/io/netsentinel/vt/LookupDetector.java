package io.netsentinel.vt;

import io.netsentinel.api.Addresses;
import io.netsentinel.api.AlertEmitter;
import io.netsentinel.api.BoundedTable;
import io.netsentinel.api.Detector;
import io.netsentinel.api.Severity;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;

/**
 * What the two VirusTotal detectors share: a table of (indicator, source) pairs seen on the packet thread, reports to
 * the {@link LookupService} for a new pair and then at 2, 4, 8, … packets (so the busiest indicators weigh most
 * without a report per packet), and the alerts, emitted from {@link #tick} and {@link #finish} on the detection
 * thread as verdicts come back.
 */
abstract class LookupDetector implements Detector {
  /** A pair idle this long (packet time) is forgotten; seen again, it is asked about again (the cache answers). */
  static final long PAIR_IDLE_NANOS = TimeUnit.MINUTES.toNanos(10);
  private static final long FINISH_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  final IndicatorKind kind;
  final VtConfig config;
  final LookupService service;
  final SightingQueue queue;
  final BoundedTable<Void> pairs;
  final Counters counters;
  private final Logger log;

  LookupDetector(IndicatorKind kind, VtConfig config, LookupService service, BoundedTable<Void> pairs,
      Counters counters, Logger log) {
    this.kind = kind;
    this.config = config;
    this.service = service;
    this.queue = service.queue();
    this.pairs = pairs;
    this.counters = counters;
    this.log = log;
  }

  /** A 32-bit key for the source of a pair: the IPv4 address itself, or a fold of an IPv6 address. */
  static int sourceKey(long hi, long lo) {
    long x = hi * 0x9E3779B97F4A7C15L ^ lo;
    return Addresses.isIpv4Mapped(hi, lo) ? (int) lo : (int) (x ^ (x >>> 32));
  }

  /** True for the packet counts at which a pair is reported: 1, 2, 4, 8, … */
  static boolean reportAt(long hits) {
    return (hits & (hits - 1)) == 0;
  }

  @Override
  public void tick(long packetTimeNanos, AlertEmitter alerts) {
    pairs.expire(packetTimeNanos);
    service.drainFindings(f -> emit(f, alerts));
  }

  /** Waits, up to {@code virustotal_drain_timeout_s}, for the lookups still queued, emitting verdicts as they come. */
  @Override
  public void finish(AlertEmitter alerts) {
    long deadline = System.nanoTime() + config.drainTimeout().toNanos();
    while (true) {
      service.drainFindings(f -> emit(f, alerts));
      if (service.idle()) {
        service.drainFindings(f -> emit(f, alerts));
        return;
      }
      if (System.nanoTime() >= deadline) {
        int left = service.outstanding();
        if (left > 0) {
          counters.skipped().add(left);
          log.warn("{} VirusTotal lookups were still queued after the {} s drain timeout"
                  + " (virustotal_drain_timeout_s, at virustotal_requests_per_minute = {}): they are not in this"
                  + " run's alerts", left, config.drainTimeout().toMillis() / 1000.0, config.requestsPerMinute());
        }
        return;
      }
      LockSupport.parkNanos(Math.min(FINISH_POLL_NANOS, deadline - System.nanoTime()));
    }
  }

  private void emit(LookupService.Finding f, AlertEmitter alerts) {
    Sighting s = f.sighting();
    Verdict v = f.verdict();
    Severity severity = v.severity();
    if (severity == null) {
      return;
    }
    String indicator = s.indicator();
    String what = kind == IndicatorKind.IP ? "IP address " : "domain ";
    String how = kind == IndicatorKind.IP ? "contacted by " : "queried by ";
    alerts
        .alert(kind.category, severity)
        .src(s.source(), null)
        .dest(s.dest(), s.destPort())
        .proto(s.proto())
        .cooldownKey(s.source() + "|" + indicator)
        .message("VirusTotal flags " + what + indicator + " (" + how + s.source() + "): " + v.malicious() + " of "
            + v.engines() + " engines malicious, " + v.suspicious() + " suspicious, reputation " + v.reputation())
        .attribute("indicator", indicator)
        .attribute("indicator_type", kind.objectType)
        .attribute("malicious", Integer.toString(v.malicious()))
        .attribute("suspicious", Integer.toString(v.suspicious()))
        .attribute("harmless", Integer.toString(v.harmless()))
        .attribute("undetected", Integer.toString(v.undetected()))
        .attribute("reputation", Integer.toString(v.reputation()))
        .attribute("vt_report", kind.guiPrefix + indicator)
        .emit();
  }

  /** Stops the lookup thread and saves the cache; safe to call twice, as {@link LookupService#close} is. */
  @Override
  public void close() {
    service.close();
  }
}
