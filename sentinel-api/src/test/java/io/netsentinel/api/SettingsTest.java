package io.netsentinel.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {
  @TempDir Path dir;

  @Test
  void everySeedKeyHasTheSeedDefault() {
    Settings s = Settings.empty();
    assertThat(s.getDurationNanos("port_scan_window")).isEqualTo(10_000_000_000L);
    assertThat(s.getInt("port_scan_threshold")).isEqualTo(15);
    assertThat(s.getDurationNanos("syn_flood_window")).isEqualTo(5_000_000_000L);
    assertThat(s.getInt("syn_flood_threshold")).isEqualTo(200);
    assertThat(s.getInt("icmp_flood_threshold")).isEqualTo(100);
    assertThat(s.getInt("dns_tunnel_query_len")).isEqualTo(50);
    assertThat(s.getDurationNanos("exfil_window")).isEqualTo(60_000_000_000L);
    assertThat(s.getLong("exfil_bytes_threshold")).isEqualTo(5L * 1024 * 1024);
    assertThat(s.getDurationNanos("bruteforce_window")).isEqualTo(30_000_000_000L);
    assertThat(s.getInt("bruteforce_threshold")).isEqualTo(30);
    assertThat(s.getDurationNanos("alert_cooldown")).isEqualTo(15_000_000_000L);
    assertThat(s.getInt("server_port")).isEqualTo(8443);
    assertThat(s.getString("virustotal_base_url")).isEqualTo("https://www.virustotal.com/api/v3");
    assertThat(s.getInt("virustotal_requests_per_minute")).isEqualTo(4);
    assertThat(s.getInt("virustotal_daily_quota")).isEqualTo(500);
    assertThat(s.getString("database_url")).isEmpty();
    assertThat(s.getPorts("suspicious_ports")).contains(4444, 31337, 1337, 6667, 12345, 5555, 6666);
    assertThat(s.getPorts("auth_ports")).contains(21, 22, 23, 25, 110, 143, 445, 1433, 3306, 3389, 5432, 5900);
    assertThat(s.getNetworks("home_networks")).extracting(IpRange::text)
        .containsExactly("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7");
  }

  @Test
  void loadsAFileAndResolvesRelativePathsAgainstItsFolder() throws Exception {
    Path config = dir.resolve("conf/sentinel_config.json");
    Files.createDirectories(config.getParent());
    Files.writeString(
        config,
        "{\"port_scan_threshold\": 20, \"ca_cert\": \"certs/ca.crt\", \"data_dir\": \"/var/lib/ns\","
            + " \"alert_cooldown\": 2.5, \"auth_ports\": \"22, 2222\", \"home_networks\": [\"100.64.0.0/10\"]}");
    Settings s = Settings.load(config);
    assertThat(s.getInt("port_scan_threshold")).isEqualTo(20);
    assertThat(s.getPath("ca_cert")).isEqualTo(dir.resolve("conf/certs/ca.crt").toAbsolutePath());
    assertThat(s.getPath("data_dir")).isEqualTo(Path.of("/var/lib/ns"));
    assertThat(s.getDurationNanos("alert_cooldown")).isEqualTo(2_500_000_000L);
    assertThat(s.getPorts("auth_ports")).containsExactly(22, 2222);
    assertThat(s.getNetworks("home_networks").get(0).contains(0, Addresses.ipv4MappedLo(0x64400001))).isTrue();
    assertThat(s.warnings()).isEmpty();
  }

  @Test
  void warnsAboutAnUnknownKeyAndSuggestsTheNearestOne() {
    Settings s = Settings.parse("{\"port_scan_treshold\": 3, \"colour\": \"red\"}", "test.json", dir);
    assertThat(s.warnings())
        .containsExactlyInAnyOrder(
            "test.json: unknown key 'colour' is ignored",
            "test.json: unknown key 'port_scan_treshold' is ignored (did you mean 'port_scan_threshold'?)");
  }

  @Test
  void aBadValueNamesTheKeyTheValueAndWhatIsExpected() {
    assertThatThrownBy(() -> Settings.parse("{\"port_scan_threshold\": \"many\"}", "c.json", dir))
        .isInstanceOf(SettingsException.class)
        .hasMessage("c.json: port_scan_threshold: expected a positive integer, got \"many\"");
    assertThatThrownBy(() -> Settings.parse("{\"syn_flood_window\": 0}", "c.json", dir))
        .hasMessage("c.json: syn_flood_window: expected a number of seconds greater than 0, got 0");
    assertThatThrownBy(() -> Settings.parse("{\"suspicious_ports\": [4444, 70000]}", "c.json", dir))
        .hasMessage("c.json: suspicious_ports: expected a port number 1-65535, got 70000");
    assertThatThrownBy(() -> Settings.parse("{\"home_networks\": [\"10.0.0.0/40\"]}", "c.json", dir))
        .hasMessageStartingWith("c.json: home_networks: expected a list of CIDR blocks");
    assertThatThrownBy(() -> Settings.parse("{\"virustotal_base_url\": \"ftp://x\"}", "c.json", dir))
        .hasMessage("c.json: virustotal_base_url: expected an http(s) URL, got \"ftp://x\"");
  }

  @Test
  void malformedJsonIsReportedWithItsPosition() {
    assertThatThrownBy(() -> Settings.parse("{\n  \"a\": 1,\n  oops\n}", "c.json", dir))
        .isInstanceOf(SettingsException.class)
        .hasMessageStartingWith("c.json: invalid JSON at line 3, column");
    assertThatThrownBy(() -> Settings.parse("[1]", "c.json", dir))
        .hasMessage("c.json: expected a JSON object at the top level");
    assertThatThrownBy(() -> Settings.parse("{\"api_key\": \"a\", \"api_key\": \"b\"}", "c.json", dir))
        .hasMessageContaining("Duplicate field 'api_key'");
  }

  @Test
  void aMissingFileIsAClearError() {
    assertThatThrownBy(() -> Settings.load(dir.resolve("nope.json")))
        .isInstanceOf(SettingsException.class)
        .hasMessageEndingWith("nope.json: config file not found");
  }

  @Test
  void theEnvironmentOverridesTheVirusTotalKey() {
    Settings s = Settings.of(Map.of("virustotal_api_key", "from-file"));
    assertThat(s.withEnvironment(Map.of()).getString("virustotal_api_key")).isEqualTo("from-file");
    assertThat(s.withEnvironment(Map.of("VIRUSTOTAL_API_KEY", "from-env")).getString("virustotal_api_key"))
        .isEqualTo("from-env");
    assertThat(s.withEnvironment(Map.of("VIRUSTOTAL_API_KEY", " ")).getString("virustotal_api_key"))
        .isEqualTo("from-file");
  }

  @Test
  void aPluginSectionComesFirstThenTheTopLevel() {
    Settings s =
        Settings.of(
            Map.of(
                "port_scan_threshold", 20,
                "detectors", Map.of("port-scan", Map.of("port_scan_threshold", 30, "extra", 7))));
    Settings section = s.section("detectors", "port-scan");
    assertThat(section.getInt("port_scan_threshold")).isEqualTo(30);
    assertThat(section.getInt("extra", 1)).isEqualTo(7);
    assertThat(section.getInt("syn_flood_threshold")).isEqualTo(200);
    assertThat(s.section("detectors", "other").getInt("port_scan_threshold")).isEqualTo(20);
    assertThat(s.sectionIds("detectors")).containsExactly("port-scan");
    assertThatThrownBy(() -> Settings.of(Map.of("detectors", Map.of("port-scan", Map.of("extra", "x"))))
            .section("detectors", "port-scan").getInt("extra", 1))
        .hasMessage("settings: detectors.port-scan.extra: expected a positive integer, got \"x\"");
    assertThatThrownBy(() -> Settings.of(Map.of("detectors", List.of())))
        .hasMessageContaining("detectors: expected an object whose keys are plugin ids");
  }
}
