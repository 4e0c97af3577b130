package io.netsentinel.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netsentinel.api.Settings;
import io.netsentinel.api.SettingsException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ServerConfigTest {
  private static final String KEY = "\"api_key\": \"0123456789abcdef0123\"";

  @Test
  void bindsAllInterfacesOnServerPortAndFindsUsersJsonNextToTheConfig() {
    Path base = Path.of("/srv/netsentinel");
    ServerConfig c = ServerConfig.from(Settings.parse("{" + KEY + ", \"server_host\": \"sensor.example\"}", "test",
        base), null, null);
    assertThat(c.listenHost()).isEqualTo("0.0.0.0");
    assertThat(c.port()).isEqualTo(8443);
    assertThat(c.publicHost()).isEqualTo("sensor.example");
    assertThat(c.usersFile()).isEqualTo(base.resolve("users.json"));
    assertThat(c.serverCert()).isEqualTo(base.resolve("certs/server.crt"));
    assertThat(c.retentionDays()).isEqualTo(30);
    ServerConfig overridden = ServerConfig.from(Settings.parse("{" + KEY + ", \"retention_days\": 7}", "test", base),
        "127.0.0.1", 9443);
    assertThat(overridden.listenHost()).isEqualTo("127.0.0.1");
    assertThat(overridden.port()).isEqualTo(9443);
    assertThat(overridden.retentionDays()).isEqualTo(7);
  }

  @Test
  void refusesAMissingApiKeyAndABadRetention() {
    Path base = Path.of("/srv");
    assertThatThrownBy(() -> ServerConfig.from(Settings.parse("{}", "test", base), null, null))
        .isInstanceOf(SettingsException.class).hasMessageContaining("api_key");
    assertThatThrownBy(() -> ServerConfig.from(Settings.parse("{" + KEY + ", \"retention_days\": 0}", "test", base),
        null, null)).isInstanceOf(SettingsException.class).hasMessageContaining("retention_days");
  }

  @Test
  void limitsAreTheDefaultsUnlessTheConfigSetsTheAgentRateOrTheAgentCount() {
    Path base = Path.of("/srv");
    assertThat(ServerLimits.from(Settings.parse("{}", "test", base))).isEqualTo(ServerLimits.defaults());
    ServerLimits set = ServerLimits.from(Settings.parse("{\"agent_alerts_per_5s\": 9, \"max_agents\": 7}", "test",
        base));
    assertThat(set.alertsPerWindow()).isEqualTo(9);
    assertThat(set.maxAgents()).isEqualTo(7);
  }

  @Test
  void theLimitsTableOfTheApiGuideShowsTheDefaults() throws Exception {
    ServerLimits d = ServerLimits.defaults();
    String guide = java.nio.file.Files.readString(Path.of("../docs/api.md"));
    String table = guide.substring(guide.indexOf("## Limits at a glance"));
    assertThat(table).contains(
        "| request body (after gzip) | " + (d.maxBodyBytes() >> 20) + " MB |",
        "| alerts per request | " + AlertBatchParser.MAX_ALERTS_PER_BATCH + " |",
        "| alerts per agent | " + d.alertsPerWindow() + " per " + d.alertWindow().toSeconds()
            + " s (`agent_alerts_per_5s`) |",
        "| registered agents | " + d.maxAgents() + " (`max_agents`) |",
        "| bad API keys per IP | " + d.authFailures() + " per " + d.authFailureWindow().toMinutes() + " min |",
        "| failed logins per IP | " + d.authFailures() + " per " + d.authFailureWindow().toMinutes() + " min |",
        "| session idle | " + d.sessionIdle().toMinutes() + " min |",
        "| agent offline | " + d.offlineAfter().toSeconds() + " s without heartbeat |",
        "| dashboard sessions | " + String.format(java.util.Locale.ROOT, "%,d", d.maxSessions()).replace(',', ' ')
            + " |");
  }
}
