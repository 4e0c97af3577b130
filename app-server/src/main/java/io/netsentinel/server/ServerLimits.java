package io.netsentinel.server;

import java.time.Duration;

/**
 * The server's limits, in one place so that tests can shrink them. {@link #defaults()} are the documented values (see
 * docs/api.md).
 *
 * @param maxBodyBytes request bodies, after gzip decompression (413 beyond)
 * @param alertsPerWindow alerts one agent may send per {@code alertWindow} (429 beyond)
 * @param maxAgents registered agents (403 for a new one beyond)
 * @param offlineAfter an agent without a heartbeat for this long is offline
 * @param statusCheckEvery how often the offline check runs
 * @param sessionIdle a dashboard session expires after this long without a request
 * @param authFailures failed API-key or login attempts per source IP per {@code authFailureWindow} before 429
 * @param maxSessions live dashboard sessions (503 {@code too_many_sessions} for another login beyond)
 */
record ServerLimits(
    int maxBodyBytes,
    int alertsPerWindow,
    Duration alertWindow,
    int maxAgents,
    Duration offlineAfter,
    Duration statusCheckEvery,
    Duration sessionIdle,
    int authFailures,
    Duration authFailureWindow,
    int maxSessions) {

  static ServerLimits defaults() {
    return new ServerLimits(1 << 20, 50, Duration.ofSeconds(5), 500, Duration.ofSeconds(90), Duration.ofSeconds(5),
        Duration.ofMinutes(30), 10, Duration.ofMinutes(5), 10_000);
  }

  /** The defaults, with the limits an operator may change from the config ({@code agent_alerts_per_5s}, {@code max_agents}). */
  static ServerLimits from(io.netsentinel.api.Settings settings) {
    ServerLimits d = defaults();
    return new ServerLimits(d.maxBodyBytes(), settings.getInt("agent_alerts_per_5s"), d.alertWindow(),
        settings.getInt("max_agents"), d.offlineAfter(), d.statusCheckEvery(), d.sessionIdle(), d.authFailures(),
        d.authFailureWindow(), d.maxSessions());
  }

  ServerLimits withMaxAgents(int n) {
    return new ServerLimits(maxBodyBytes, alertsPerWindow, alertWindow, n, offlineAfter, statusCheckEvery, sessionIdle,
        authFailures, authFailureWindow, maxSessions);
  }

  ServerLimits withMaxSessions(int n) {
    return new ServerLimits(maxBodyBytes, alertsPerWindow, alertWindow, maxAgents, offlineAfter, statusCheckEvery,
        sessionIdle, authFailures, authFailureWindow, n);
  }
}
