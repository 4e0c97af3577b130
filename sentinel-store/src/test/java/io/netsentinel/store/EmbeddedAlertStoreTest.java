package io.netsentinel.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsentinel.api.Alert;
import io.netsentinel.api.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on the embedded default: SQLite in WAL mode, in a file under data_dir. */
class EmbeddedAlertStoreTest extends AlertStoreContract {
  @TempDir Path dataDir;

  @Override
  AlertStore openStore() {
    return AlertStores.open(Settings.of(Map.of("data_dir", dataDir.toString())));
  }

  @Test
  void anEmptyDatabaseUrlOpensTheEmbeddedFileInDataDir() {
    assertThat(dataDir.resolve(AlertStores.EMBEDDED_FILE)).isRegularFile();
    assertThat(((JdbcAlertStore) store).dialect()).isEqualTo(JdbcAlertStore.Dialect.SQLITE);
  }

  @Test
  void alertsAndCountsSurviveCloseAndReopen() {
    store.upsertAgent(agentRecord("agent-1", "host-1", NOW));
    store.append("agent-1", List.of(simple("a1", NOW), simple("a2", NOW.plusSeconds(1))), NOW);
    store.close();

    store = openStore();
    assertThat(ids(AlertQuery.all(10))).containsExactly("a2", "a1");
    assertThat(store.stats(NOW).total()).isEqualTo(2);
    assertThat(store.agent("agent-1").orElseThrow().alertCount()).isEqualTo(2);
  }

  @Test
  void aSecondStoreOnTheFileOfAnUnclosedOneSeesEveryAcknowledgedAlert() {
    // The first store is abandoned, never closed, as a crashed server would leave it.
    AlertStore abandoned = openStore();
    abandoned.append("agent-1", List.of(simple("x1", NOW), simple("x2", NOW)), NOW);

    try (AlertStore second = AlertStores.openEmbedded(dataDir)) {
      assertThat(second.query(AlertQuery.all(10)).alerts())
          .extracting(a -> a.alert().id())
          .contains("x1", "x2");
    } finally {
      abandoned.close();
    }
  }

  @Test
  void aDatabaseUrlThatIsNotPostgresqlIsRefused() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> AlertStores.open(Settings.of(Map.of("database_url", "jdbc:mysql://db/x?password=secret"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jdbc:postgresql")
        .hasMessageNotContaining("secret");
  }

  @Test
  void missingDataDirIsCreated() {
    Path nested = dataDir.resolve("a/b");
    try (AlertStore s = AlertStores.openEmbedded(nested)) {
      s.append("agent-1", List.<Alert>of(simple("z", NOW)), NOW);
    }
    assertThat(Files.isRegularFile(nested.resolve(AlertStores.EMBEDDED_FILE))).isTrue();
  }
}
