package io.netsentinel.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsentinel.api.LinkTypes;
import io.netsentinel.api.PacketSource;
import io.netsentinel.api.PacketSourceProvider;
import io.netsentinel.api.Settings;
import io.netsentinel.api.SourceContext;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;

class PcapFileSourceProviderTest {
  @TempDir Path dir;

  @Test
  void isDiscoveredThroughTheServiceLoaderAsPcapFile() {
    assertThat(ServiceLoader.load(PacketSourceProvider.class))
        .filteredOn(provider -> provider.id().equals("pcap-file"))
        .singleElement()
        .isInstanceOf(PcapFileSourceProvider.class);
  }

  @Test
  void opensTheFileNamedByThePathSetting() throws IOException {
    Path file = dir.resolve("in.pcap");
    try (PcapFileWriter writer = new PcapFileWriter(file, LinkTypes.RAW, 65535)) {
      writer.write(9_000_000_000L, CaptureBytes.payload(20, 0), 0, 20, 20);
    }
    Settings settings = Settings.of(Map.of("path", file.toString()));
    RecordingLog log = new RecordingLog();

    try (PacketSource source = new PcapFileSourceProvider().open(new Context(settings, log.logger()))) {
      assertThat(Frame.readAll(source)).singleElement().satisfies(frame -> {
        assertThat(frame.timestampNanos()).isEqualTo(9_000_000_000L);
        assertThat(frame.linkType()).isEqualTo(LinkTypes.RAW);
      });
    }
  }

  private record Context(Settings settings, Logger logger) implements SourceContext {}
}
