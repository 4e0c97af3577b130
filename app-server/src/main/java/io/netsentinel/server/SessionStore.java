package io.netsentinel.server;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Dashboard sessions in memory: a random 256-bit token per login, expiring after {@code idle} without a request.
 * Sessions do not survive a restart of the server (users log in again), and are not shared between servers.
 */
final class SessionStore {
  private record Session(String user, Instant lastSeen) {}

  private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();
  private final Clock clock;
  private final Duration idle;
  private final SecureRandom random = new SecureRandom();
  private final int maxSessions;

  SessionStore(Clock clock, Duration idle, int maxSessions) {
    this.clock = clock;
    this.idle = idle;
    this.maxSessions = maxSessions;
  }

  String create(String user) {
    Instant now = clock.instant();
    if (sessions.size() >= maxSessions) {
      sessions.values().removeIf(s -> expired(s, now));
    }
    if (sessions.size() >= maxSessions) {
      throw new ApiException(503, "too_many_sessions", "too many dashboard sessions; try again later");
    }
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    sessions.put(token, new Session(user, now));
    return token;
  }

  /** The user of a live session, touching it; empty for an unknown or expired token. */
  Optional<String> touch(String token) {
    if (token == null) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    Session s = sessions.get(token);
    if (s == null) {
      return Optional.empty();
    }
    if (expired(s, now)) {
      sessions.remove(token, s);
      return Optional.empty();
    }
    sessions.put(token, new Session(s.user(), now));
    return Optional.of(s.user());
  }

  /** The user of a live session, without touching it (an open stream must not keep a session alive forever). */
  Optional<String> peek(String token) {
    Session s = token == null ? null : sessions.get(token);
    return s == null || expired(s, clock.instant()) ? Optional.empty() : Optional.of(s.user());
  }

  void remove(String token) {
    if (token != null) {
      sessions.remove(token);
    }
  }

  Duration idle() {
    return idle;
  }

  private boolean expired(Session s, Instant now) {
    return !s.lastSeen().plus(idle).isAfter(now);
  }
}
