-- NetSentinel alert store, version 1. The same SQL runs on SQLite (the embedded default) and PostgreSQL.
-- Times are BIGINT microseconds since the epoch (UTC): portable, exact at the wire format's precision, and cheap
-- to compare and bucket.

CREATE TABLE alerts (
  id             VARCHAR(255) NOT NULL PRIMARY KEY,
  ts             BIGINT       NOT NULL,
  severity       VARCHAR(16)  NOT NULL,
  category       VARCHAR(64)  NOT NULL,
  detector       TEXT         NOT NULL,
  message        TEXT         NOT NULL,
  src_ip         TEXT,
  src_port       INTEGER,
  dest_ip        TEXT,
  dest_port      INTEGER,
  proto          TEXT,
  src_mac        TEXT,
  alert_agent_id TEXT,
  hostname       TEXT,
  os             TEXT,
  attributes     TEXT         NOT NULL,
  agent_id       TEXT         NOT NULL,
  received_at    BIGINT       NOT NULL
);

-- Newest first with keyset paging: ORDER BY ts DESC, id DESC.
CREATE INDEX alerts_ts_id ON alerts (ts DESC, id DESC);
CREATE INDEX alerts_severity_ts ON alerts (severity, ts DESC, id DESC);
CREATE INDEX alerts_category_ts ON alerts (category, ts DESC, id DESC);
CREATE INDEX alerts_agent_ts ON alerts (agent_id, ts DESC, id DESC);
CREATE INDEX alerts_src_ip ON alerts (src_ip);
CREATE INDEX alerts_received_at ON alerts (received_at);

-- All-time counters kept in the append transaction, so the dashboard's numbers do not scan the alerts:
-- dim is 'severity', 'category' or 'source' (src_ip, else src_mac).
CREATE TABLE alert_counts (
  dim VARCHAR(16)  NOT NULL,
  k   VARCHAR(255) NOT NULL,
  n   BIGINT       NOT NULL,
  PRIMARY KEY (dim, k)
);

CREATE TABLE agents (
  id          VARCHAR(255) NOT NULL PRIMARY KEY,
  hostname    TEXT,
  os          TEXT,
  ip          TEXT,
  version     TEXT,
  first_seen  BIGINT       NOT NULL,
  last_seen   BIGINT       NOT NULL,
  alert_count BIGINT       NOT NULL DEFAULT 0,
  last_stats  TEXT         NOT NULL DEFAULT '{}'
);

-- Alerts per clock minute (floor(ts / 60 s)) and severity, kept in the append transaction: the dashboard's
-- timeline and 15-minute window read these instead of counting rows.
CREATE TABLE alert_minutes (
  minute   BIGINT      NOT NULL,
  severity VARCHAR(16) NOT NULL,
  n        BIGINT      NOT NULL,
  PRIMARY KEY (minute, severity)
);
