package io.netsentinel.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.zaxxer.hikari.HikariDataSource;
import io.netsentinel.api.Alert;
import io.netsentinel.api.Severity;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.flywaydb.core.Flyway;

/**
 * The one JDBC implementation of {@link AlertStore}, for SQLite and PostgreSQL alike: the SQL it sends runs on both
 * (ON CONFLICT upserts, BIGINT microsecond times, LOWER … LIKE for search).
 */
final class JdbcAlertStore implements AlertStore {

  enum Dialect {
    SQLITE,
    POSTGRESQL
  }

  static final String MIGRATIONS = "classpath:db/store";
  static final String HISTORY_TABLE = "store_schema_history";
  private static final long MINUTE_MICROS = 60_000_000L;
  private static final int FETCH_SIZE = 500;
  private static final JsonFactory JSON = JsonFactory.builder().build();

  private static final String COLUMNS =
      "id, ts, severity, category, detector, message, src_ip, src_port, dest_ip, dest_port, proto, src_mac,"
          + " alert_agent_id, hostname, os, attributes, agent_id, received_at";

  private static final String INSERT_ALERT =
      "INSERT INTO alerts ("
          + COLUMNS
          + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING";

  private static final String ADD_COUNT =
      "INSERT INTO alert_counts (dim, k, n) VALUES (?, ?, ?)"
          + " ON CONFLICT (dim, k) DO UPDATE SET n = alert_counts.n + excluded.n";

  private static final String ADD_MINUTE =
      "INSERT INTO alert_minutes (minute, severity, n) VALUES (?, ?, ?)"
          + " ON CONFLICT (minute, severity) DO UPDATE SET n = alert_minutes.n + excluded.n";

  /** floor(ts / 1 min) in SQL, also for times before 1970 (SQL division truncates towards zero). */
  private static final String MINUTE_OF_TS =
      "CASE WHEN ts >= 0 THEN ts / " + MINUTE_MICROS + " ELSE (ts + 1) / " + MINUTE_MICROS + " - 1 END";

  private final HikariDataSource ds;
  private final Dialect dialect;
  /** SQLite has one writer at a time: writers queue here rather than spin on SQLITE_BUSY. */
  private final ReentrantLock writeLock;

  JdbcAlertStore(HikariDataSource ds, Dialect dialect) {
    this.ds = ds;
    this.dialect = dialect;
    this.writeLock = dialect == Dialect.SQLITE ? new ReentrantLock(true) : null;
    Flyway.configure()
        .dataSource(ds)
        .locations(MIGRATIONS)
        .table(HISTORY_TABLE)
        .baselineOnMigrate(false)
        .load()
        .migrate();
  }

  Dialect dialect() {
    return dialect;
  }

  // ---------------------------------------------------------------- writes

  @Override
  public int append(String agentId, List<Alert> alerts, Instant receivedAt) {
    requireText(agentId, "agentId");
    if (alerts.isEmpty()) {
      return 0;
    }
    long received = micros(receivedAt);
    // Inserted in id order: two transactions with overlapping batches wait on each other's rows in the same order,
    // so they cannot deadlock on PostgreSQL.
    List<Alert> sorted = new ArrayList<>(alerts);
    sorted.sort(java.util.Comparator.comparing(Alert::id));
    return write(
        c -> {
          int[] counts;
          try (PreparedStatement ps = c.prepareStatement(INSERT_ALERT)) {
            for (Alert a : sorted) {
              int i = 1;
              ps.setString(i++, a.id());
              ps.setLong(i++, micros(a.timestamp()));
              ps.setString(i++, a.severity().name());
              ps.setString(i++, a.category());
              ps.setString(i++, a.detector());
              ps.setString(i++, a.message());
              ps.setString(i++, a.srcIp());
              setInt(ps, i++, a.srcPort());
              ps.setString(i++, a.destIp());
              setInt(ps, i++, a.destPort());
              ps.setString(i++, a.proto());
              ps.setString(i++, a.srcMac());
              ps.setString(i++, a.agentId());
              ps.setString(i++, a.hostname());
              ps.setString(i++, a.os());
              ps.setString(i++, writeStrings(a.attributes()));
              ps.setString(i++, agentId);
              ps.setLong(i, received);
              ps.addBatch();
            }
            counts = ps.executeBatch();
          }
          // Sorted keys: concurrent appends lock counter rows in the same order, so they cannot deadlock.
          Map<String, Long> delta = new TreeMap<>();
          Map<MinuteKey, Long> minutes = new TreeMap<>();
          int added = 0;
          for (int j = 0; j < counts.length; j++) {
            if (counts[j] < 0) {
              throw new SQLException("the driver gave no per-row insert count (" + counts[j] + ")");
            }
            if (counts[j] > 0) {
              added++;
              Alert a = sorted.get(j);
              delta.merge("severity\u0000" + a.severity().name(), 1L, Long::sum);
              minutes.merge(
                  new MinuteKey(Math.floorDiv(micros(a.timestamp()), MINUTE_MICROS), a.severity().name()),
                  1L,
                  Long::sum);
              delta.merge("category\u0000" + a.category(), 1L, Long::sum);
              String source = source(a);
              if (source != null) {
                delta.merge("source\u0000" + source, 1L, Long::sum);
              }
            }
          }
          if (added > 0) {
            addCounts(c, delta, 1);
            addMinutes(c, minutes, 1);
            try (PreparedStatement ps =
                c.prepareStatement("UPDATE agents SET alert_count = alert_count + ? WHERE id = ?")) {
              ps.setLong(1, added);
              ps.setString(2, agentId);
              ps.executeUpdate();
            }
          }
          return added;
        });
  }

  private static void addCounts(Connection c, Map<String, Long> delta, int sign) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(ADD_COUNT)) {
      for (Map.Entry<String, Long> e : delta.entrySet()) {
        int cut = e.getKey().indexOf('\u0000');
        ps.setString(1, e.getKey().substring(0, cut));
        ps.setString(2, e.getKey().substring(cut + 1));
        ps.setLong(3, sign * e.getValue());
        ps.addBatch();
      }
      ps.executeBatch();
    }
    if (sign < 0) {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM alert_counts WHERE n <= 0")) {
        ps.executeUpdate();
      }
    }
  }

  /** A clock minute and a severity: the key of {@code alert_minutes}, sorted for a fixed locking order. */
  private record MinuteKey(long minute, String severity) implements Comparable<MinuteKey> {
    @Override
    public int compareTo(MinuteKey o) {
      int byMinute = Long.compare(minute, o.minute);
      return byMinute != 0 ? byMinute : severity.compareTo(o.severity);
    }
  }

  private static void addMinutes(Connection c, Map<MinuteKey, Long> delta, int sign) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(ADD_MINUTE)) {
      for (Map.Entry<MinuteKey, Long> e : delta.entrySet()) {
        ps.setLong(1, e.getKey().minute());
        ps.setString(2, e.getKey().severity());
        ps.setLong(3, sign * e.getValue());
        ps.addBatch();
      }
      ps.executeBatch();
    }
    if (sign < 0) {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM alert_minutes WHERE n <= 0")) {
        ps.executeUpdate();
      }
    }
  }

  @Override
  public int purgeBefore(Instant cutoff) {
    long before = micros(cutoff);
    return write(
        c -> {
          Map<String, Long> delta = new TreeMap<>();
          groupInto(c, "severity", "severity", before, delta);
          groupInto(c, "category", "category", before, delta);
          groupInto(c, "source", "COALESCE(src_ip, src_mac)", before, delta);
          Map<MinuteKey, Long> minutes = new TreeMap<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT m, severity, COUNT(*) FROM (SELECT " + MINUTE_OF_TS
                      + " AS m, severity FROM alerts WHERE received_at < ?) t GROUP BY m, severity")) {
            ps.setLong(1, before);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                minutes.put(new MinuteKey(rs.getLong(1), rs.getString(2)), rs.getLong(3));
              }
            }
          }
          Map<String, Long> perAgent = new TreeMap<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT agent_id, COUNT(*) FROM alerts WHERE received_at < ? GROUP BY agent_id")) {
            ps.setLong(1, before);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                perAgent.put(rs.getString(1), rs.getLong(2));
              }
            }
          }
          int deleted;
          try (PreparedStatement ps = c.prepareStatement("DELETE FROM alerts WHERE received_at < ?")) {
            ps.setLong(1, before);
            deleted = ps.executeUpdate();
          }
          if (deleted > 0) {
            addCounts(c, delta, -1);
            addMinutes(c, minutes, -1);
            try (PreparedStatement ps =
                c.prepareStatement(
                    "UPDATE agents SET alert_count = CASE WHEN alert_count > ? THEN alert_count - ? ELSE 0 END"
                        + " WHERE id = ?")) {
              for (Map.Entry<String, Long> e : perAgent.entrySet()) {
                ps.setLong(1, e.getValue());
                ps.setLong(2, e.getValue());
                ps.setString(3, e.getKey());
                ps.addBatch();
              }
              ps.executeBatch();
            }
          }
          return deleted;
        });
  }

  private static void groupInto(Connection c, String dim, String expr, long before, Map<String, Long> delta)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT k, COUNT(*) FROM (SELECT "
                + expr
                + " AS k FROM alerts WHERE received_at < ?) t WHERE k IS NOT NULL GROUP BY k")) {
      ps.setLong(1, before);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          delta.put(dim + "\u0000" + rs.getString(1), rs.getLong(2));
        }
      }
    }
  }

  @Override
  public AgentRecord upsertAgent(AgentRecord agent) {
    requireText(agent.id(), "agent id");
    Instant last = agent.lastSeen() != null ? agent.lastSeen() : Instant.now();
    Instant first = agent.firstSeen() != null ? agent.firstSeen() : last;
    return write(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO agents (id, hostname, os, ip, version, first_seen, last_seen, alert_count,"
                      + " last_stats) VALUES (?, ?, ?, ?, ?, ?, ?,"
                      + " (SELECT COUNT(*) FROM alerts WHERE agent_id = ?), ?)"
                      + " ON CONFLICT (id) DO UPDATE SET hostname = excluded.hostname, os = excluded.os,"
                      + " ip = excluded.ip, version = excluded.version, last_seen = excluded.last_seen,"
                      + " last_stats = CASE WHEN excluded.last_stats = '{}' THEN agents.last_stats"
                      + " ELSE excluded.last_stats END")) {
            ps.setString(1, agent.id());
            ps.setString(2, agent.hostname());
            ps.setString(3, agent.os());
            ps.setString(4, agent.ip());
            ps.setString(5, agent.version());
            ps.setLong(6, micros(first));
            ps.setLong(7, micros(last));
            ps.setString(8, agent.id());
            ps.setString(9, writeLongs(agent.lastStats()));
            ps.executeUpdate();
          }
          return readAgent(c, agent.id()).orElseThrow();
        });
  }

  @Override
  public boolean heartbeat(String agentId, Instant at, Map<String, Long> stats) {
    return write(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("UPDATE agents SET last_seen = ?, last_stats = ? WHERE id = ?")) {
            ps.setLong(1, micros(at));
            ps.setString(2, writeLongs(stats == null ? Map.of() : stats));
            ps.setString(3, agentId);
            return ps.executeUpdate() > 0;
          }
        });
  }

  // ---------------------------------------------------------------- reads

  @Override
  public AlertPage query(AlertQuery query) {
    Where where = where(query);
    String sql =
        "SELECT " + COLUMNS + " FROM alerts" + where.sql() + " ORDER BY ts DESC, id DESC LIMIT " + (query.limit() + 1);
    return read(
        c -> {
          List<StoredAlert> rows = new ArrayList<>(Math.min(query.limit() + 1, 256));
          long lastTs = 0;
          String lastId = null;
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            where.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next() && rows.size() < query.limit() + 1) {
                rows.add(row(rs));
              }
            }
          }
          String next = null;
          if (rows.size() > query.limit()) {
            rows.remove(rows.size() - 1);
            StoredAlert last = rows.get(rows.size() - 1);
            lastTs = micros(last.alert().timestamp());
            lastId = last.alert().id();
            next = encodeCursor(lastTs, lastId);
          }
          return new AlertPage(rows, next);
        });
  }

  @Override
  public void forEach(AlertQuery query, Consumer<StoredAlert> each) {
    Where where = where(query);
    String sql = "SELECT " + COLUMNS + " FROM alerts" + where.sql() + " ORDER BY ts DESC, id DESC";
    try (Connection c = ds.getConnection()) {
      // PostgreSQL streams with a fetch size only inside a transaction; SQLite steps row by row anyway.
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setFetchSize(FETCH_SIZE);
        where.bind(ps);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            each.accept(row(rs));
          }
        }
      } finally {
        c.rollback();
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new StoreException("forEach failed", e);
    }
  }

  @Override
  public StoreStats stats(Instant now) {
    long end = micros(now);
    long recentStart = end - 15 * MINUTE_MICROS;
    return snapshot(
        c -> {
          Map<String, Long> bySeverity = new LinkedHashMap<>();
          Map<String, Long> byCategory = new TreeMap<>();
          List<StoreStats.SourceCount> top = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement("SELECT dim, k, n FROM alert_counts WHERE dim <> 'source'")) {
            Map<String, Long> sev = new TreeMap<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                (rs.getString(1).equals("severity") ? sev : byCategory).put(rs.getString(2), rs.getLong(3));
              }
            }
            for (Severity s : Severity.values()) {
              Long n = sev.remove(s.name());
              if (n != null) {
                bySeverity.put(s.name(), n);
              }
            }
            bySeverity.putAll(sev);
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT k, n FROM alert_counts WHERE dim = 'source' ORDER BY n DESC, k ASC LIMIT 10")) {
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                top.add(new StoreStats.SourceCount(rs.getString(1), rs.getLong(2)));
              }
            }
          }
          // The timeline: clock minutes from the counters; the last bucket is the current minute up to now.
          long nowMinute = Math.floorDiv(end, MINUTE_MICROS);
          long[] buckets = new long[60];
          Map<Long, Map<String, Long>> perMinute = new TreeMap<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT minute, severity, n FROM alert_minutes WHERE minute >= ? AND minute <= ?")) {
            ps.setLong(1, Math.min(nowMinute - 59, Math.floorDiv(recentStart, MINUTE_MICROS)));
            ps.setLong(2, nowMinute);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                perMinute.computeIfAbsent(rs.getLong(1), m -> new TreeMap<>()).put(rs.getString(2), rs.getLong(3));
              }
            }
          }
          for (Map.Entry<Long, Map<String, Long>> e : perMinute.entrySet()) {
            int b = (int) (e.getKey() - (nowMinute - 59));
            if (b >= 0 && b < 60) {
              for (long n : e.getValue().values()) {
                buckets[b] += n;
              }
            }
          }
          // Alerts stamped later than now within the current minute are not in the timeline yet.
          buckets[59] -= countRange(c, null, end + 1, (nowMinute + 1) * MINUTE_MICROS);
          // The last 15 minutes, [now - 15 min, now]: whole minutes from the counters, the partial minutes at either
          // end counted in the (severity, ts) index.
          long firstWhole = Math.floorDiv(recentStart + MINUTE_MICROS - 1, MINUTE_MICROS);
          Map<String, Long> recent = new LinkedHashMap<>();
          for (Severity s : Severity.values()) {
            long n = 0;
            for (Map.Entry<Long, Map<String, Long>> e : perMinute.entrySet()) {
              if (e.getKey() >= firstWhole && e.getKey() < nowMinute) {
                n += e.getValue().getOrDefault(s.name(), 0L);
              }
            }
            n += countRange(c, s, recentStart, Math.min(firstWhole, nowMinute) * MINUTE_MICROS);
            n += countRange(c, s, Math.max(nowMinute * MINUTE_MICROS, recentStart), end + 1);
            if (n > 0) {
              recent.put(s.name(), n);
            }
          }
          List<Long> timeline = new ArrayList<>(60);
          for (long n : buckets) {
            timeline.add(n);
          }
          long total = 0;
          for (long n : bySeverity.values()) {
            total += n;
          }
          return new StoreStats(bySeverity, byCategory, recent, timeline, top, total, now);
        });
  }

  /** Alerts with from <= ts < to, of one severity (null: any), counted in an index. */
  private static long countRange(Connection c, Severity severity, long from, long to) throws SQLException {
    if (from >= to) {
      return 0;
    }
    String sql =
        severity == null
            ? "SELECT COUNT(*) FROM alerts WHERE ts >= ? AND ts < ?"
            : "SELECT COUNT(*) FROM alerts WHERE severity = ? AND ts >= ? AND ts < ?";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int i = 1;
      if (severity != null) {
        ps.setString(i++, severity.name());
      }
      ps.setLong(i++, from);
      ps.setLong(i, to);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  @Override
  public Optional<AgentRecord> agent(String agentId) {
    return read(c -> readAgent(c, agentId));
  }

  @Override
  public List<AgentRecord> agents() {
    return read(
        c -> {
          List<AgentRecord> out = new ArrayList<>();
          try (PreparedStatement ps = c.prepareStatement(AGENT_SELECT + " ORDER BY id");
              ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              out.add(agentRow(rs));
            }
          }
          return out;
        });
  }

  @Override
  public int agentCount() {
    return read(
        c -> {
          try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM agents");
              ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
          }
        });
  }

  @Override
  public void close() {
    ds.close();
  }

  private static final String AGENT_SELECT =
      "SELECT id, hostname, os, ip, version, first_seen, last_seen, alert_count, last_stats FROM agents";

  private static Optional<AgentRecord> readAgent(Connection c, String agentId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(AGENT_SELECT + " WHERE id = ?")) {
      ps.setString(1, agentId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(agentRow(rs)) : Optional.empty();
      }
    }
  }

  private static AgentRecord agentRow(ResultSet rs) throws SQLException {
    return new AgentRecord(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        instant(rs.getLong(6)),
        instant(rs.getLong(7)),
        rs.getLong(8),
        readLongs(rs.getString(9)));
  }

  private static StoredAlert row(ResultSet rs) throws SQLException {
    Alert a =
        new Alert(
            rs.getString(1),
            instant(rs.getLong(2)),
            Severity.valueOf(rs.getString(3)),
            rs.getString(4),
            rs.getString(5),
            rs.getString(6),
            rs.getString(7),
            getInt(rs, 8),
            rs.getString(9),
            getInt(rs, 10),
            rs.getString(11),
            rs.getString(12),
            rs.getString(13),
            rs.getString(14),
            rs.getString(15),
            readStrings(rs.getString(16)));
    return new StoredAlert(a, rs.getString(17), instant(rs.getLong(18)));
  }

  // ---------------------------------------------------------------- filters and cursors

  /** A WHERE clause and its parameters. */
  private record Where(String sql, List<Object> params) {
    void bind(PreparedStatement ps) throws SQLException {
      for (int i = 0; i < params.size(); i++) {
        Object p = params.get(i);
        if (p instanceof Long l) {
          ps.setLong(i + 1, l);
        } else {
          ps.setString(i + 1, (String) p);
        }
      }
    }
  }

  private static Where where(AlertQuery q) {
    List<String> terms = new ArrayList<>();
    List<Object> params = new ArrayList<>();
    if (q.severity() != null) {
      terms.add("severity = ?");
      params.add(q.severity().name());
    }
    if (q.category() != null) {
      terms.add("category = ?");
      params.add(q.category());
    }
    if (q.agentId() != null) {
      terms.add("agent_id = ?");
      params.add(q.agentId());
    }
    if (q.q() != null && !q.q().isBlank()) {
      String pattern = "%" + escapeLike(q.q().strip().toLowerCase(Locale.ROOT)) + "%";
      terms.add(
          "(LOWER(category) LIKE ? ESCAPE '!' OR LOWER(message) LIKE ? ESCAPE '!'"
              + " OR LOWER(src_ip) LIKE ? ESCAPE '!' OR LOWER(hostname) LIKE ? ESCAPE '!')");
      for (int i = 0; i < 4; i++) {
        params.add(pattern);
      }
    }
    if (q.since() != null) {
      terms.add("ts >= ?");
      params.add(micros(q.since()));
    }
    if (q.until() != null) {
      terms.add("ts < ?");
      params.add(micros(q.until()));
    }
    if (q.cursor() != null) {
      Object[] cursor = decodeCursor(q.cursor());
      terms.add("(ts < ? OR (ts = ? AND id < ?))");
      params.add(cursor[0]);
      params.add(cursor[0]);
      params.add(cursor[1]);
    }
    return new Where(terms.isEmpty() ? "" : " WHERE " + String.join(" AND ", terms), params);
  }

  private static String escapeLike(String s) {
    return s.replace("!", "!!").replace("%", "!%").replace("_", "!_");
  }

  static String encodeCursor(long ts, String id) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((ts + ":" + id).getBytes(StandardCharsets.UTF_8));
  }

  static Object[] decodeCursor(String cursor) {
    try {
      String s = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      int cut = s.indexOf(':');
      if (cut < 1 || cut == s.length() - 1) {
        throw new IllegalArgumentException("cursor: malformed");
      }
      return new Object[] {Long.parseLong(s.substring(0, cut)), s.substring(cut + 1)};
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("cursor: not a cursor of this store", e);
    }
  }

  // ---------------------------------------------------------------- plumbing

  @FunctionalInterface
  private interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  /** One transaction, committed before returning; retried when PostgreSQL reports a deadlock or conflict. */
  private <T> T write(Work<T> work) {
    for (int attempt = 1; ; attempt++) {
      try {
        return writeOnce(work);
      } catch (StoreException e) {
        String state = e.getCause() instanceof SQLException sql ? sql.getSQLState() : null;
        boolean transient_ = "40P01".equals(state) || "40001".equals(state);
        if (!transient_ || attempt >= 5) {
          throw e;
        }
      }
    }
  }

  private <T> T writeOnce(Work<T> work) {
    if (writeLock != null) {
      writeLock.lock();
    }
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        try {
          c.rollback();
        } catch (SQLException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new StoreException("write failed", e);
    } finally {
      if (writeLock != null) {
        writeLock.unlock();
      }
    }
  }

  /** Several reads that see one consistent state of the database (a read-only repeatable-read transaction). */
  private <T> T snapshot(Work<T> work) {
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      if (dialect == Dialect.POSTGRESQL) {
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      }
      try {
        return work.run(c);
      } finally {
        c.rollback();
        c.setAutoCommit(true);
        if (dialect == Dialect.POSTGRESQL) {
          c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        }
      }
    } catch (SQLException e) {
      throw new StoreException("read failed", e);
    }
  }

  private <T> T read(Work<T> work) {
    try (Connection c = ds.getConnection()) {
      return work.run(c);
    } catch (SQLException e) {
      throw new StoreException("read failed", e);
    }
  }

  private static String source(Alert a) {
    return a.srcIp() != null ? a.srcIp() : a.srcMac();
  }

  static long micros(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
  }

  static Instant instant(long micros) {
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
  }

  private static void setInt(PreparedStatement ps, int i, Integer v) throws SQLException {
    if (v == null) {
      ps.setNull(i, Types.INTEGER);
    } else {
      ps.setInt(i, v);
    }
  }

  private static Integer getInt(ResultSet rs, int i) throws SQLException {
    int v = rs.getInt(i);
    return rs.wasNull() ? null : v;
  }

  private static void requireText(String s, String name) {
    if (s == null || s.isEmpty()) {
      throw new IllegalArgumentException(name + " must not be empty");
    }
  }

  static String writeStrings(Map<String, String> map) {
    return writeMap(map);
  }

  static String writeLongs(Map<String, Long> map) {
    return writeMap(map);
  }

  private static String writeMap(Map<String, ?> map) {
    if (map.isEmpty()) {
      return "{}";
    }
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      for (Map.Entry<String, ?> e : new TreeMap<>(map).entrySet()) {
        if (e.getValue() instanceof Long n) {
          g.writeNumberField(e.getKey(), n);
        } else {
          g.writeStringField(e.getKey(), String.valueOf(e.getValue()));
        }
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  static Map<String, String> readStrings(String json) {
    Map<String, String> out = new TreeMap<>();
    readMap(json, (k, p) -> out.put(k, p.getValueAsString()));
    return out;
  }

  static Map<String, Long> readLongs(String json) {
    Map<String, Long> out = new TreeMap<>();
    readMap(json, (k, p) -> out.put(k, p.getValueAsLong()));
    return out;
  }

  private interface Field {
    void accept(String key, JsonParser p) throws IOException;
  }

  private static void readMap(String json, Field field) {
    if (json == null || json.equals("{}")) {
      return;
    }
    try (JsonParser p = JSON.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalStateException("stored JSON is not an object: " + json);
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        p.nextToken();
        field.accept(key, p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
