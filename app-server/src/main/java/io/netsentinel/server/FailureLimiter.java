package io.netsentinel.server;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failures (bad API keys, bad passwords) per key, usually the source IP, in a fixed window. Once a key reached
 * the limit it is refused until its window ends. The table is bounded: past {@link #MAX_KEYS} keys, expired windows
 * are dropped, and if that is not enough the whole table is cleared (an attacker with that many addresses gains a
 * fresh window, which is no worse than one address).
 */
final class FailureLimiter {
  static final int MAX_KEYS = 100_000;

  private record Window(Instant start, int failures) {}

  private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();
  private final Clock clock;
  private final int limit;
  private final Duration window;

  FailureLimiter(Clock clock, int limit, Duration window) {
    this.clock = clock;
    this.limit = limit;
    this.window = window;
  }

  /** Seconds until {@code key} may try again, or 0 when it may try now. */
  long blockedForSeconds(String key) {
    Window w = windows.get(key);
    Instant now = clock.instant();
    if (w == null || w.failures() < limit) {
      return 0;
    }
    Duration left = Duration.between(now, w.start().plus(window));
    if (left.isNegative() || left.isZero()) {
      windows.remove(key, w);
      return 0;
    }
    return Math.max(1, (left.toMillis() + 999) / 1000);
  }

  void recordFailure(String key) {
    Instant now = clock.instant();
    if (windows.size() >= MAX_KEYS) {
      windows.values().removeIf(w -> !w.start().plus(window).isAfter(now));
      if (windows.size() >= MAX_KEYS) {
        windows.clear();
      }
    }
    windows.compute(key, (k, w) -> w == null || !w.start().plus(window).isAfter(now)
        ? new Window(now, 1) : new Window(w.start(), w.failures() + 1));
  }

  void recordSuccess(String key) {
    windows.remove(key);
  }
}
