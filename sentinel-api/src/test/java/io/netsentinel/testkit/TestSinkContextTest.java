package io.netsentinel.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netsentinel.api.Settings;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TestSinkContextTest {
  @Test
  void givesTheSinkItsSectionWithTopLevelFallbackAndReadsBackItsCountersAndGauges() {
    TestSinkContext context = TestSinkContext.forSink("hook", Settings.of(Map.of(
        "data_dir", "/var/lib/x", "sinks", Map.of("hook", Map.of("url", "http://127.0.0.1:1/")))))
        .sensor("a-1", "sensor-9", "Linux").engineStats(Map.of("packets", 5L));
    assertThat(context.settings().getString("url")).isEqualTo("http://127.0.0.1:1/");
    assertThat(context.settings().getPath("data_dir").toString()).isEqualTo("/var/lib/x");
    assertThat(context.sensor()).isEqualTo(new io.netsentinel.api.SinkContext.Sensor("a-1", "sensor-9", "Linux"));
    assertThat(context.engineStats()).containsEntry("packets", 5L);

    assertThat(context.count("sent")).isZero();
    context.counter("sent").add(3);
    context.counter("sent").increment();
    assertThat(context.count("sent")).isEqualTo(4);

    AtomicLong depth = new AtomicLong(7);
    context.gauge("depth", depth::get);
    depth.set(9);
    assertThat(context.gauge("depth")).isEqualTo(9);
    assertThatThrownBy(() -> context.gauge("nope")).hasMessageContaining("no gauge 'nope'").hasMessageContaining("depth");
  }
}
