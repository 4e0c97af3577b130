package io.netsentinel.sinks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.netsentinel.api.Alert;
import io.netsentinel.api.Categories;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * Alerts as Suricata EVE JSON lines ({@code event_type: "alert"}), so tools that read {@code eve.json} (jq recipes,
 * Filebeat's Suricata module, Wazuh's decoder) read ours. Our fields that EVE has no place for go under {@code
 * netsentinel}.
 */
final class EveSink extends LineSink {
  /** EVE's timestamp form: microseconds and a numeric offset. */
  static final DateTimeFormatter EVE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxx").withZone(ZoneOffset.UTC);
  /** Signature ids for the standard categories; plugin categories get one from a hash of the name. */
  static final int STANDARD_SID_BASE = 9_000_001;

  static final int PLUGIN_SID_BASE = 9_100_000;

  private final JsonFactory factory = JsonFactory.builder().build();

  EveSink(Writer out) {
    super(out, true);
  }

  static int signatureId(String category) {
    int index = Categories.STANDARD.indexOf(category);
    return index >= 0 ? STANDARD_SID_BASE + index : PLUGIN_SID_BASE + (category.hashCode() & 0xFFFF);
  }

  /** EVE's severity: 1 is the most severe. */
  static int eveSeverity(Alert a) {
    switch (a.severity()) {
      case CRITICAL:
        return 1;
      case HIGH:
        return 2;
      case MEDIUM:
        return 3;
      default:
        return 4;
    }
  }

  @Override
  String line(Alert a) throws IOException {
    StringWriter text = new StringWriter(512);
    try (JsonGenerator g = factory.createGenerator(text)) {
      g.writeStartObject();
      g.writeStringField("timestamp", EVE_TIME.format(a.timestamp()));
      g.writeStringField("event_type", "alert");
      if (a.srcIp() != null) {
        g.writeStringField("src_ip", a.srcIp());
      }
      if (a.srcPort() != null) {
        g.writeNumberField("src_port", a.srcPort());
      }
      if (a.destIp() != null) {
        g.writeStringField("dest_ip", a.destIp());
      }
      if (a.destPort() != null) {
        g.writeNumberField("dest_port", a.destPort());
      }
      if (a.proto() != null) {
        g.writeStringField("proto", a.proto());
      }
      if (a.srcMac() != null) {
        g.writeObjectFieldStart("ether");
        g.writeStringField("src_mac", a.srcMac());
        g.writeEndObject();
      }
      if (a.hostname() != null) {
        g.writeStringField("host", a.hostname());
      }
      g.writeObjectFieldStart("alert");
      g.writeStringField("action", "allowed");
      g.writeNumberField("gid", 1);
      g.writeNumberField("signature_id", signatureId(a.category()));
      g.writeNumberField("rev", 1);
      g.writeStringField("signature", a.message());
      g.writeStringField("category", a.category());
      g.writeNumberField("severity", eveSeverity(a));
      g.writeEndObject();
      g.writeObjectFieldStart("netsentinel");
      g.writeStringField("id", a.id());
      g.writeStringField("detector", a.detector());
      g.writeStringField("severity", a.severity().name());
      if (a.agentId() != null) {
        g.writeStringField("agent_id", a.agentId());
      }
      if (a.os() != null) {
        g.writeStringField("os", a.os());
      }
      g.writeObjectFieldStart("attributes");
      for (Map.Entry<String, String> e : a.attributes().entrySet()) {
        g.writeStringField(e.getKey(), e.getValue());
      }
      g.writeEndObject();
      g.writeEndObject();
      g.writeEndObject();
    }
    return text.toString();
  }
}
