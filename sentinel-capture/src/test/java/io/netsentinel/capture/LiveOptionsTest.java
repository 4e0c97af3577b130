package io.netsentinel.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netsentinel.api.PacketSourceProvider;
import io.netsentinel.api.Settings;
import io.netsentinel.api.SettingsException;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class LiveOptionsTest {
  private static Settings live(Map<String, ?> top) {
    return Settings.of(top).section("sources", "pcap-live");
  }

  @Test
  void defaultsCaptureEverythingInBatchesWithA32MiBBufferInPromiscuousModeOnTheDefaultInterface() {
    LiveOptions o = LiveOptions.from(live(Map.of()));
    assertThat(o).isEqualTo(new LiveOptions(null, null, 65535, true, false, 32 << 20, 100));
    assertThat(LiveOptions.defaults(null)).isEqualTo(o);
  }

  @Test
  void readsItsOwnSectionFirstThenTheTopLevel() {
    LiveOptions o = LiveOptions.from(live(Map.of(
        "iface", "eth9",
        "filter", "tcp",
        "sources", Map.of("pcap-live", Map.of("filter", "icmp", "snaplen", 128, "promiscuous", false,
            "immediate", true, "buffer_size", 1 << 20, "timeout_ms", 250)))));
    assertThat(o).isEqualTo(new LiveOptions("eth9", "icmp", 128, false, true, 1 << 20, 250));
  }

  @Test
  void theCommandLineOverridesInterfaceAndFilterAndKeepsTheRest() {
    LiveOptions config = new LiveOptions("eth9", "icmp", 128, false, false, 1 << 20, 250);
    assertThat(config.withInterface("veth1").withFilter("tcp"))
        .isEqualTo(new LiveOptions("veth1", "tcp", 128, false, false, 1 << 20, 250));
  }

  @Test
  void blankInterfaceAndFilterMeanNone() {
    LiveOptions o = LiveOptions.from(live(Map.of("iface", " ", "filter", "")));
    assertThat(o.iface()).isNull();
    assertThat(o.filter()).isNull();
  }

  @Test
  void rejectsOutOfRangeValuesNamingTheKey() {
    assertThatThrownBy(() -> LiveOptions.from(live(Map.of("snaplen", 10))))
        .isInstanceOf(SettingsException.class).hasMessageContaining("snaplen");
    assertThatThrownBy(() -> LiveOptions.from(live(Map.of("buffer_size", 100))))
        .isInstanceOf(SettingsException.class).hasMessageContaining("buffer_size");
    assertThatThrownBy(() -> LiveOptions.from(live(Map.of("timeout_ms", 60_000))))
        .isInstanceOf(SettingsException.class).hasMessageContaining("timeout_ms");
  }

  @Test
  void providerIsDiscoveredAsPcapLiveNextToPcapFile() {
    List<String> ids = ServiceLoader.load(PacketSourceProvider.class).stream()
        .map(p -> p.get().id()).toList();
    assertThat(ids).contains("pcap-file", "pcap-live");
  }
}
