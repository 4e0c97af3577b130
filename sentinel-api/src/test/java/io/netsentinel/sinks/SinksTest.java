package io.netsentinel.sinks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.netsentinel.api.Alert;
import io.netsentinel.api.AlertJson;
import io.netsentinel.api.AlertSink;
import io.netsentinel.api.Severity;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SinksTest {
  @TempDir Path dir;

  private static Alert scan() {
    return new Alert("3f1c0d9e-0000-3000-8000-000000000001", Instant.parse("2026-11-23T10:15:30.123456Z"),
        Severity.HIGH, "PORT_SCAN", "port-scan", "10.0.0.5 probed 15 ports", "10.0.0.5", 40000, "10.0.0.9", 22,
        "TCP", null, "agent-1", "sensor-a", "Linux 6.1", Map.of("distinct_ports", "15"));
  }

  /** Flattens a JSON object to dotted paths, so nested EVE fields can be asserted one by one. */
  private static Map<String, Object> flat(String json) throws Exception {
    Map<String, Object> out = new LinkedHashMap<>();
    try (JsonParser p = new JsonFactory().createParser(json)) {
      StringBuilder path = new StringBuilder();
      List<Integer> marks = new ArrayList<>();
      String field = null;
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        switch (t) {
          case FIELD_NAME -> field = p.currentName();
          case START_OBJECT -> {
            marks.add(path.length());
            if (field != null) {
              path.append(path.length() == 0 ? "" : ".").append(field);
            }
          }
          case END_OBJECT -> path.setLength(marks.remove(marks.size() - 1));
          default -> out.put((path.length() == 0 ? "" : path + ".") + field,
              t.isNumeric() ? (Object) p.getLongValue() : p.getText());
        }
      }
    }
    return out;
  }

  @Test
  void jsonLinesCarryTheContractFieldsAndRoundTrip() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (AlertSink sink = Sinks.jsonLines(bytes)) {
      sink.accept(scan());
      sink.flush();
    }
    String line = bytes.toString(StandardCharsets.UTF_8);
    assertThat(line).endsWith("}\n").hasLineCount(1);
    Map<String, Object> fields = flat(line.trim());
    assertThat(fields).containsEntry("id", "3f1c0d9e-0000-3000-8000-000000000001")
        .containsEntry("timestamp", "2026-11-23T10:15:30.123456Z")
        .containsEntry("event_type", "alert").containsEntry("severity", "HIGH")
        .containsEntry("category", "PORT_SCAN").containsEntry("detector", "port-scan")
        .containsEntry("message", "10.0.0.5 probed 15 ports")
        .containsEntry("src_ip", "10.0.0.5").containsEntry("src_port", 40000L)
        .containsEntry("dest_ip", "10.0.0.9").containsEntry("dest_port", 22L).containsEntry("proto", "TCP")
        .containsEntry("agent_id", "agent-1").containsEntry("hostname", "sensor-a").containsEntry("os", "Linux 6.1")
        .containsEntry("attributes.distinct_ports", "15")
        .doesNotContainKey("src_mac");
    assertThat(new AlertJson().read(line.trim())).isEqualTo(scan());
  }

  @Test
  void eveRecordsUseSuricataFieldNames() throws Exception {
    Path file = dir.resolve("logs/eve.json");
    try (AlertSink sink = Sinks.eve(file)) {
      sink.accept(scan());
    }
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(1);
    Map<String, Object> eve = flat(lines.get(0));
    assertThat(eve).containsEntry("timestamp", "2026-11-23T10:15:30.123456+0000")
        .containsEntry("event_type", "alert").containsEntry("src_ip", "10.0.0.5").containsEntry("src_port", 40000L)
        .containsEntry("dest_ip", "10.0.0.9").containsEntry("dest_port", 22L).containsEntry("proto", "TCP")
        .containsEntry("alert.signature", "10.0.0.5 probed 15 ports").containsEntry("alert.category", "PORT_SCAN")
        .containsEntry("alert.severity", 2L).containsEntry("alert.signature_id", 9_000_001L)
        .containsEntry("host", "sensor-a").containsEntry("netsentinel.detector", "port-scan")
        .containsEntry("netsentinel.attributes.distinct_ports", "15");
  }

  @Test
  void theEveFileIsAppendedToNotOverwritten() throws Exception {
    Path file = dir.resolve("eve.json");
    for (int i = 0; i < 2; i++) {
      try (AlertSink sink = Sinks.eve(file)) {
        sink.accept(scan());
      }
    }
    assertThat(Files.readAllLines(file)).hasSize(2);
  }
}
