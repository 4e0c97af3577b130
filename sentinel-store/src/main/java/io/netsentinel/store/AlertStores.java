package io.netsentinel.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.netsentinel.api.Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Opens the server's {@link AlertStore}: an embedded SQLite file (WAL mode) in {@code data_dir} when
 * {@code database_url} is empty, else PostgreSQL through a HikariCP pool. Both run the same Flyway migrations
 * ({@code classpath:db/store}) before the store is returned.
 */
public final class AlertStores {
  /** The embedded database's file name inside {@code data_dir}. */
  public static final String EMBEDDED_FILE = "alerts.db";

  private AlertStores() {}

  /** The store the settings name: {@code database_url} (PostgreSQL) or, when empty, the embedded file. */
  public static AlertStore open(Settings settings) {
    String url = settings.has("database_url") ? settings.getString("database_url") : "";
    if (url == null || url.isBlank()) {
      return openEmbedded(settings.getPath("data_dir", "data"));
    }
    return open(url, null, null);
  }

  /** The embedded store, in {@code dataDir}/{@value #EMBEDDED_FILE}; creates the folder when missing. */
  public static AlertStore openEmbedded(Path dataDir) {
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create data_dir " + dataDir, e);
    }
    return open("jdbc:sqlite:" + dataDir.resolve(EMBEDDED_FILE).toAbsolutePath(), null, null);
  }

  /**
   * A store on a JDBC URL: {@code jdbc:sqlite:<file>} or {@code jdbc:postgresql://…}. User and password may be null
   * (then the URL carries them, if needed).
   */
  public static AlertStore open(String jdbcUrl, String user, String password) {
    if (jdbcUrl.startsWith("jdbc:sqlite:")) {
      return openSqlite(jdbcUrl);
    }
    if (jdbcUrl.startsWith("jdbc:postgresql:")) {
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl(jdbcUrl);
      if (user != null) {
        config.setUsername(user);
      }
      if (password != null) {
        config.setPassword(password);
      }
      config.setPoolName("netsentinel-store");
      config.setMaximumPoolSize(10);
      config.setAutoCommit(true);
      return start(new HikariDataSource(config), JdbcAlertStore.Dialect.POSTGRESQL);
    }
    throw new IllegalArgumentException(
        "database_url: expected jdbc:postgresql://… (or empty for the embedded database), got " + redact(jdbcUrl));
  }

  private static AlertStore openSqlite(String jdbcUrl) {
    SQLiteConfig sqlite = new SQLiteConfig();
    sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
    // FULL: the WAL is synced at every commit, so an acknowledged batch survives a power cut, not only kill -9.
    sqlite.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    sqlite.setBusyTimeout(30_000);
    sqlite.setTempStore(SQLiteConfig.TempStore.MEMORY);
    sqlite.setCacheSize(-32_768); // 32 MiB per connection
    SQLiteDataSource ds = new SQLiteDataSource(sqlite);
    ds.setUrl(jdbcUrl);
    HikariConfig config = new HikariConfig();
    config.setDataSource(ds);
    config.setPoolName("netsentinel-store-sqlite");
    // Readers run in parallel under WAL; writers are serialized by the store itself.
    config.setMaximumPoolSize(4);
    config.setAutoCommit(true);
    return start(new HikariDataSource(config), JdbcAlertStore.Dialect.SQLITE);
  }

  private static AlertStore start(HikariDataSource ds, JdbcAlertStore.Dialect dialect) {
    try {
      return new JdbcAlertStore(ds, dialect);
    } catch (RuntimeException e) {
      ds.close();
      throw e;
    }
  }

  private static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
  }
}
