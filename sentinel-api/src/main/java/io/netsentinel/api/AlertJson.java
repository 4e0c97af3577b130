package io.netsentinel.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON form of an {@link Alert}: the wire format, the {@code --json} output and the export format. Field names
 * follow Suricata's EVE where they overlap ({@code src_ip}, {@code dest_port}, {@code proto}, …); fields that do not
 * apply to an alert are left out.
 */
public final class AlertJson {
  /** ISO-8601 UTC with microseconds, a fixed width that sorts as text. */
  public static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  private final JsonFactory factory = JsonFactory.builder().build();

  /** One alert as a single line of JSON, without a line break. */
  public String write(Alert alert) {
    StringWriter out = new StringWriter(384);
    try (JsonGenerator g = factory.createGenerator(out)) {
      write(alert, g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** Writes the alert as one JSON object to a generator the caller owns. */
  public void write(Alert a, JsonGenerator g) throws IOException {
    g.writeStartObject();
    g.writeStringField("id", a.id());
    g.writeStringField("timestamp", TIMESTAMP.format(a.timestamp()));
    g.writeStringField("event_type", "alert");
    g.writeStringField("severity", a.severity().name());
    g.writeStringField("category", a.category());
    g.writeStringField("detector", a.detector());
    g.writeStringField("message", a.message());
    optional(g, "src_ip", a.srcIp());
    optional(g, "src_port", a.srcPort());
    optional(g, "dest_ip", a.destIp());
    optional(g, "dest_port", a.destPort());
    optional(g, "proto", a.proto());
    optional(g, "src_mac", a.srcMac());
    optional(g, "agent_id", a.agentId());
    optional(g, "hostname", a.hostname());
    optional(g, "os", a.os());
    g.writeObjectFieldStart("attributes");
    for (Map.Entry<String, String> e : a.attributes().entrySet()) {
      g.writeStringField(e.getKey(), e.getValue());
    }
    g.writeEndObject();
    g.writeEndObject();
  }

  private static void optional(JsonGenerator g, String name, String value) throws IOException {
    if (value != null) {
      g.writeStringField(name, value);
    }
  }

  private static void optional(JsonGenerator g, String name, Integer value) throws IOException {
    if (value != null) {
      g.writeNumberField(name, value);
    }
  }

  /**
   * Parses one alert object. Throws {@link IllegalArgumentException} naming the field at fault for a missing or
   * malformed field.
   */
  public Alert read(String json) {
    try (JsonParser p = factory.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("expected a JSON object");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> m = (Map<String, Object>) JsonTree.read(p);
      return fromMap(m);
    } catch (JsonParseException e) {
      throw new IllegalArgumentException("invalid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Builds an alert from an already parsed JSON object. */
  public Alert fromMap(Map<String, Object> m) {
    Instant timestamp;
    try {
      timestamp = Instant.parse(text(m, "timestamp", true));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("timestamp: not an ISO-8601 instant: " + m.get("timestamp"), e);
    }
    Severity severity;
    try {
      severity = Severity.valueOf(text(m, "severity", true));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("severity: expected LOW, MEDIUM, HIGH or CRITICAL", e);
    }
    Object attrs = m.get("attributes");
    Map<String, String> attributes = new LinkedHashMap<>();
    if (attrs instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!(e.getValue() instanceof String)) {
          throw new IllegalArgumentException("attributes." + e.getKey() + ": expected a string");
        }
        attributes.put(String.valueOf(e.getKey()), (String) e.getValue());
      }
    } else if (attrs != null) {
      throw new IllegalArgumentException("attributes: expected an object of strings");
    }
    try {
      return new Alert(
          text(m, "id", true),
          timestamp,
          severity,
          text(m, "category", true),
          text(m, "detector", true),
          text(m, "message", true),
          text(m, "src_ip", false),
          port(m, "src_port"),
          text(m, "dest_ip", false),
          port(m, "dest_port"),
          text(m, "proto", false),
          text(m, "src_mac", false),
          text(m, "agent_id", false),
          text(m, "hostname", false),
          text(m, "os", false),
          attributes);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private static String text(Map<String, Object> m, String field, boolean required) {
    Object v = m.get(field);
    if (v == null) {
      if (required) {
        throw new IllegalArgumentException(field + ": required");
      }
      return null;
    }
    if (!(v instanceof String s)) {
      throw new IllegalArgumentException(field + ": expected a string");
    }
    return s;
  }

  private static Integer port(Map<String, Object> m, String field) {
    Object v = m.get(field);
    if (v == null) {
      return null;
    }
    if (v instanceof Long n && n >= 0 && n <= 65535) {
      return n.intValue();
    }
    throw new IllegalArgumentException(field + ": expected an integer 0-65535");
  }
}
