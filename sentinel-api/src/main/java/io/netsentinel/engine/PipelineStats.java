package io.netsentinel.engine;

import java.util.List;
import java.util.Map;

/**
 * Counters of one run of the pipeline.
 *
 * @param packets frames read from the source
 * @param bytes the frames' length on the wire (not the captured length)
 * @param decodeErrors frames with a malformed or truncated header
 * @param clockRegressions frames whose timestamp went backwards a little (they were given the latest packet time)
 * @param timelines recordings seen: 1, plus one for each large step back in time (such as the next file of a
 *     directory recorded earlier), after which detectors started afresh
 * @param alerts alerts that passed the cooldown and were queued for the sinks
 * @param suppressed alerts the cooldown held back
 * @param dropped alerts lost because the queue was full (live mode only; offline reading waits instead)
 * @param detectorErrors exceptions thrown by detectors (each is logged; the packet still reaches the others)
 * @param sinkErrors exceptions thrown by sinks
 * @param alertsByDetector alerts per detector id
 * @param tables the detectors' bounded tables: size, limit, evictions and expirations
 * @param counters the detectors' own counters, named {@code <detector id>/<counter>}
 * @param elapsedNanos wall time of the run
 */
public record PipelineStats(
    long packets,
    long bytes,
    long decodeErrors,
    long clockRegressions,
    long timelines,
    long alerts,
    long suppressed,
    long dropped,
    long detectorErrors,
    long sinkErrors,
    Map<String, Long> alertsByDetector,
    List<TableStats> tables,
    Map<String, Long> counters,
    long elapsedNanos) {

  public PipelineStats {
    alertsByDetector = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(alertsByDetector));
    tables = List.copyOf(tables);
    counters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(counters));
  }

  public long elapsedMillis() {
    return elapsedNanos / 1_000_000;
  }
}
