package io.netsentinel.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netsentinel.api.Alert;
import io.netsentinel.testkit.MemorySource;
import io.netsentinel.testkit.PacketBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginRegistryTest {
  private static final String DETECTOR_SPI = "io.netsentinel.api.DetectorProvider";

  @TempDir Path work;

  private Path plugins() throws Exception {
    return Files.createDirectories(work.resolve("plugins"));
  }

  private Path ttlPlugin(Path folder, String jarName, String id) throws Exception {
    String cls = "example.plugin" + Math.abs(jarName.hashCode()) + ".TtlProvider";
    String pkg = cls.substring(0, cls.lastIndexOf('.'));
    return PluginJars.build(
        folder,
        jarName,
        Map.of(cls, PluginJars.detectorSource(pkg, "TtlProvider", id, "TTL_ANOMALY")),
        Map.of(DETECTOR_SPI, cls));
  }

  @Test
  void findsTheBuiltInSinksOnTheClasspath() {
    try (PluginRegistry registry = PluginRegistry.fromClasspath(getClass().getClassLoader())) {
      assertThat(registry.sinkIds()).contains("json", "eve");
      assertThat(registry.plugins()).anySatisfy(p -> {
        assertThat(p.id()).isEqualTo("eve");
        assertThat(p.kind()).isEqualTo("sink");
        assertThat(p.origin()).isEqualTo("classpath");
      });
    }
  }

  @Test
  void loadsADetectorFromAJarBuiltDuringTheTestAndRunsIt() throws Exception {
    Path folder = plugins();
    Path jar = ttlPlugin(folder, "ttl.jar", "ttl-anomaly");
    List<Alert> alerts = new ArrayList<>();
    try (PluginRegistry registry = PluginRegistry.load(getClass().getClassLoader(), folder)) {
      assertThat(registry.detectorIds()).contains("ttl-anomaly");
      assertThat(registry.plugins())
          .filteredOn(p -> p.id().equals("ttl-anomaly"))
          .singleElement()
          .satisfies(p -> assertThat(p.origin()).isEqualTo(jar.toString()));
      MemorySource source = new MemorySource().add(1_000, new PacketBuilder().ipv4("10.0.0.1", "10.0.0.2").udp(1, 2));
      try (Sentinel sentinel =
          Sentinel.builder().registry(registry).detectors("ttl-anomaly").source(source).sink(alerts::add).build()) {
        sentinel.run();
      }
    }
    assertThat(alerts).singleElement().satisfies(a -> {
      assertThat(a.category()).isEqualTo("TTL_ANOMALY");
      assertThat(a.detector()).isEqualTo("ttl-anomaly");
      assertThat(a.message()).isEqualTo("seen by ttl-anomaly");
    });
  }

  @Test
  void skipsACorruptJarWithAMessageAndKeepsTheOthers() throws Exception {
    Path folder = plugins();
    ttlPlugin(folder, "good.jar", "good-one");
    Files.write(folder.resolve("broken.jar"), "this is not a zip file".getBytes());
    try (PluginRegistry registry = PluginRegistry.load(getClass().getClassLoader(), folder)) {
      assertThat(registry.detectorIds()).contains("good-one");
      assertThat(registry.problems())
          .singleElement()
          .asString()
          .contains("broken.jar")
          .contains("not a readable JAR")
          .endsWith("skipped");
    }
  }

  @Test
  void skipsAJarWhoseProviderClassIsMissing() throws Exception {
    Path folder = plugins();
    PluginJars.build(folder, "hollow.jar", Map.of(), Map.of(DETECTOR_SPI, "example.DoesNotExist"));
    try (PluginRegistry registry = PluginRegistry.load(getClass().getClassLoader(), folder)) {
      assertThat(registry.problems())
          .singleElement()
          .asString()
          .contains("hollow.jar")
          .contains("example.DoesNotExist");
    }
  }

  @Test
  void rejectsTwoProvidersWithTheSameId() throws Exception {
    Path folder = plugins();
    ttlPlugin(folder, "a.jar", "same-id");
    ttlPlugin(folder, "b.jar", "same-id");
    assertThatThrownBy(() -> PluginRegistry.load(getClass().getClassLoader(), folder))
        .isInstanceOf(PluginException.class)
        .hasMessageContaining("duplicate detector id 'same-id'")
        .hasMessageContaining("a.jar")
        .hasMessageContaining("b.jar");
  }

  @Test
  void aMissingIdIsAnErrorThatListsWhatIsInstalled() throws Exception {
    Path folder = plugins();
    ttlPlugin(folder, "ttl.jar", "ttl-anomaly");
    try (PluginRegistry registry = PluginRegistry.load(getClass().getClassLoader(), folder)) {
      assertThatThrownBy(() -> registry.detector("port-scna"))
          .isInstanceOf(PluginException.class)
          .hasMessage("no detector with id 'port-scna' is installed (available: ttl-anomaly)");
      assertThatThrownBy(() -> registry.sink("kafka"))
          .hasMessageStartingWith("no sink with id 'kafka' is installed (available: ")
          .hasMessageContaining("json, eve");
    }
  }

  @Test
  void aDetectorNamedInTheConfigButNotInstalledStopsTheBuild() throws Exception {
    io.netsentinel.api.Settings settings =
        io.netsentinel.api.Settings.of(Map.of("detectors", Map.of("not-there", Map.of("enabled", true))));
    assertThatThrownBy(() -> Sentinel.builder().settings(settings).source(new MemorySource()).build())
        .isInstanceOf(PluginException.class)
        .hasMessageContaining("no detector with id 'not-there' is installed");
  }

  @Test
  void rejectsAnIdThatIsNotKebabCase() throws Exception {
    Path folder = plugins();
    ttlPlugin(folder, "upper.jar", "Bad_Id");
    try (PluginRegistry registry = PluginRegistry.load(getClass().getClassLoader(), folder)) {
      assertThat(registry.detectorIds()).doesNotContain("Bad_Id");
      assertThat(registry.problems()).singleElement().asString().contains("'Bad_Id'").contains("kebab-case");
    }
  }
}
