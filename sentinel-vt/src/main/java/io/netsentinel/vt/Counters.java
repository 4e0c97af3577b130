package io.netsentinel.vt;

import io.netsentinel.api.DetectorContext;
import java.util.concurrent.atomic.LongAdder;

/**
 * The numbers a VirusTotal detector reports in the run's statistics, as {@code <detector id>/<name>}.
 *
 * @param lookups requests sent to VirusTotal
 * @param cacheHits sightings answered from the cache
 * @param skipped indicators not looked up: outside the lookup policy (private, documentation, special-use names), or
 *     while VirusTotal is off (key refused) or given up on
 * @param dropped sightings or verdicts discarded because a bounded queue was full
 * @param errors failed lookups: refused key, server errors, timeouts, unreadable answers
 */
record Counters(LongAdder lookups, LongAdder cacheHits, LongAdder skipped, LongAdder dropped, LongAdder errors) {

  static Counters of(DetectorContext context) {
    return new Counters(context.counter("lookups"), context.counter("cache_hits"), context.counter("skipped"),
        context.counter("dropped"), context.counter("errors"));
  }
}
