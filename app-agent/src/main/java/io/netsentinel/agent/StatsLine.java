package io.netsentinel.agent;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.netsentinel.api.SourceStats;
import io.netsentinel.engine.PipelineStats;
import io.netsentinel.engine.TableStats;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/** The closing {@code {"event_type":"stats",…}} line of {@code --json} output. */
final class StatsLine {
  private StatsLine() {}

  static String json(PipelineStats s, SourceStats capture) {
    StringWriter text = new StringWriter();
    try (JsonGenerator g = JsonFactory.builder().build().createGenerator(text)) {
      g.writeStartObject();
      g.writeStringField("event_type", "stats");
      g.writeNumberField("packets", s.packets());
      g.writeNumberField("bytes", s.bytes());
      g.writeNumberField("decode_errors", s.decodeErrors());
      g.writeNumberField("alerts", s.alerts());
      g.writeNumberField("elapsed_ms", s.elapsedMillis());
      g.writeNumberField("suppressed", s.suppressed());
      g.writeNumberField("dropped", s.dropped());
      if (capture != null && capture.dropped() >= 0) {
        g.writeNumberField("kernel_dropped", capture.dropped());
      }
      if (capture != null && capture.interfaceDropped() >= 0) {
        g.writeNumberField("interface_dropped", capture.interfaceDropped());
      }
      g.writeNumberField("clock_regressions", s.clockRegressions());
      g.writeNumberField("timelines", s.timelines());
      g.writeNumberField("detector_errors", s.detectorErrors());
      g.writeNumberField("sink_errors", s.sinkErrors());
      g.writeNumberField(
          "packets_per_second", s.elapsedNanos() == 0 ? 0 : Math.round(s.packets() * 1e9 / s.elapsedNanos()));
      g.writeObjectFieldStart("alerts_by_detector");
      for (Map.Entry<String, Long> e : s.alertsByDetector().entrySet()) {
        g.writeNumberField(e.getKey(), e.getValue());
      }
      g.writeEndObject();
      g.writeObjectFieldStart("counters");
      for (Map.Entry<String, Long> e : s.counters().entrySet()) {
        g.writeNumberField(e.getKey(), e.getValue());
      }
      g.writeEndObject();
      g.writeObjectFieldStart("tables");
      for (TableStats t : s.tables()) {
        g.writeObjectFieldStart(t.table());
        g.writeNumberField("size", t.size());
        g.writeNumberField("max", t.maxEntries());
        g.writeNumberField("evictions", t.evictions());
        g.writeNumberField("expirations", t.expirations());
        g.writeEndObject();
      }
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }
}
