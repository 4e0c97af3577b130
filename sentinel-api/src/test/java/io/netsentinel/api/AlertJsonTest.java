package io.netsentinel.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AlertJsonTest {
  private final AlertJson json = new AlertJson();

  @Test
  void readsAMinimalArpAlertAndWritesItBackTheSame() {
    String text = "{\"id\":\"a1\",\"timestamp\":\"2026-01-02T03:04:05.000006Z\",\"event_type\":\"alert\","
        + "\"severity\":\"CRITICAL\",\"category\":\"ARP_SPOOF\",\"detector\":\"arp-spoof\","
        + "\"message\":\"192.168.10.4 moved\",\"src_ip\":\"192.168.10.4\",\"proto\":\"ARP\","
        + "\"src_mac\":\"08:00:27:53:0c:ba\",\"attributes\":{\"old_mac\":\"50:eb:f6:ec:0e:7f\"}}";
    Alert alert = json.read(text);
    assertThat(alert.srcPort()).isNull();
    assertThat(alert.srcMac()).isEqualTo("08:00:27:53:0c:ba");
    assertThat(json.write(alert)).isEqualTo(text);
  }

  @Test
  void namesTheFieldAtFault() {
    assertThatThrownBy(() -> json.read("{\"id\":\"a\",\"timestamp\":\"yesterday\"}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("timestamp:");
    assertThatThrownBy(() -> json.read(
            "{\"id\":\"a\",\"timestamp\":\"2026-01-02T03:04:05Z\",\"severity\":\"SEVERE\"}"))
        .hasMessageStartingWith("severity:");
    assertThatThrownBy(() -> json.read("{\"id\":\"a\",\"timestamp\":\"2026-01-02T03:04:05Z\",\"severity\":\"LOW\","
            + "\"category\":\"lower case\",\"detector\":\"d\",\"message\":\"m\"}"))
        .hasMessageContaining("category must match");
    assertThatThrownBy(() -> json.read("{\"id\":\"a\",\"timestamp\":\"2026-01-02T03:04:05Z\",\"severity\":\"LOW\","
            + "\"category\":\"X\",\"detector\":\"d\",\"message\":\"m\",\"dest_port\":70000}"))
        .hasMessageStartingWith("dest_port:");
    assertThatThrownBy(() -> json.read("{\"id\":")).hasMessageStartingWith("invalid JSON");
  }
}
