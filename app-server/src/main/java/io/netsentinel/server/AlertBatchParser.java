package io.netsentinel.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netsentinel.api.Alert;
import io.netsentinel.api.AlertJson;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses and checks {@code POST /api/v1/alerts}: {@code {"agent_id": "...", "alerts": [alert, ...]}}. Every field is
 * checked; a field over its cap is rejected (400 naming the alert and the field), never silently truncated, so what
 * the dashboard shows is exactly what the agent sent.
 */
final class AlertBatchParser {
  static final int MAX_ALERTS_PER_BATCH = 1000;
  static final int MAX_ID = 128;
  static final int MAX_DETECTOR = 64;
  static final int MAX_MESSAGE = 2048;
  static final int MAX_PROTO = 16;
  static final int MAX_HOSTNAME = 255;
  static final int MAX_OS = 128;
  static final int MAX_ATTRIBUTES = 32;
  static final int MAX_ATTRIBUTE_KEY = 64;
  static final int MAX_ATTRIBUTE_VALUE = 1024;
  private static final Set<String> FIELDS = Set.of("id", "timestamp", "event_type", "severity", "category", "detector",
      "message", "src_ip", "src_port", "dest_ip", "dest_port", "proto", "src_mac", "agent_id", "hostname", "os",
      "attributes");

  record Batch(String agentId, List<Alert> alerts) {}

  private final ObjectMapper mapper = new ObjectMapper();
  private final AlertJson alertJson = new AlertJson();

  Batch parse(byte[] body) {
    JsonNode root = JsonBodies.read(mapper, body);
    if (!root.isObject()) {
      throw ApiException.badRequest("expected a JSON object {\"agent_id\": ..., \"alerts\": [...]}");
    }
    String agentId = FieldRules.agentId("agent_id", root.path("agent_id").isTextual()
        ? root.get("agent_id").asText() : null);
    JsonNode alerts = root.get("alerts");
    if (alerts == null || !alerts.isArray()) {
      throw ApiException.badRequest("alerts: expected an array");
    }
    if (alerts.size() > MAX_ALERTS_PER_BATCH) {
      throw new ApiException(413, "batch_too_large",
          "alerts: at most " + MAX_ALERTS_PER_BATCH + " per request, got " + alerts.size());
    }
    List<Alert> out = new ArrayList<>(alerts.size());
    for (int i = 0; i < alerts.size(); i++) {
      try {
        out.add(alert(alerts.get(i)));
      } catch (ApiException | IllegalArgumentException e) {
        throw ApiException.badRequest("alerts[" + i + "]." + e.getMessage());
      }
    }
    return new Batch(agentId, out);
  }

  private Alert alert(JsonNode node) {
    if (!node.isObject()) {
      throw new IllegalArgumentException("expected an alert object");
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        throw new IllegalArgumentException(FieldRules.shorten(name) + ": unknown field");
      }
    }
    JsonNode type = node.get("event_type");
    if (type != null && !"alert".equals(type.asText())) {
      throw new IllegalArgumentException("event_type: expected \"alert\"");
    }
    String json;
    try {
      json = mapper.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot be read: " + e.getOriginalMessage());
    }
    // AlertJson checks presence, types, ISO-8601 timestamps, the severity names and the category pattern.
    Alert a = alertJson.read(json);
    FieldRules.capped("id", a.id(), MAX_ID);
    FieldRules.capped("detector", a.detector(), MAX_DETECTOR);
    FieldRules.capped("message", a.message(), MAX_MESSAGE);
    FieldRules.capped("proto", a.proto(), MAX_PROTO);
    FieldRules.capped("hostname", a.hostname(), MAX_HOSTNAME);
    FieldRules.capped("os", a.os(), MAX_OS);
    FieldRules.ip("src_ip", a.srcIp());
    FieldRules.ip("dest_ip", a.destIp());
    FieldRules.mac("src_mac", a.srcMac());
    if (a.agentId() != null) {
      FieldRules.agentId("agent_id", a.agentId());
    }
    if (a.attributes().size() > MAX_ATTRIBUTES) {
      throw new IllegalArgumentException("attributes: at most " + MAX_ATTRIBUTES + " entries");
    }
    for (Map.Entry<String, String> e : a.attributes().entrySet()) {
      FieldRules.capped("attributes key", e.getKey(), MAX_ATTRIBUTE_KEY);
      FieldRules.capped("attributes." + FieldRules.shorten(e.getKey()), e.getValue(), MAX_ATTRIBUTE_VALUE);
    }
    return a;
  }
}
