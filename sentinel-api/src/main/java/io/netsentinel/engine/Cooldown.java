package io.netsentinel.engine;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Suppresses a repeat of the same (category, key) within the cooldown, in packet time, and remembers how many
 * repeats it suppressed so the next alert can report them. Bounded: past {@code maxEntries} the least recently used
 * key is evicted (and counted).
 */
final class Cooldown {
  private final long cooldownNanos;
  private final int maxEntries;
  private final Map<String, State> states;
  private long evictions;

  private static final class State {
    long lastAlertNanos;
    long suppressed;
  }

  Cooldown(long cooldownNanos, int maxEntries) {
    this.cooldownNanos = cooldownNanos;
    this.maxEntries = maxEntries;
    this.states =
        new LinkedHashMap<>(256, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, State> eldest) {
            if (size() > Cooldown.this.maxEntries) {
              evictions++;
              return true;
            }
            return false;
          }
        };
  }

  /**
   * Returns -1 when the alert is suppressed, otherwise the number of repeats suppressed since the previous alert for
   * the key (0 for a first alert).
   */
  long admit(String key, long nowNanos) {
    if (cooldownNanos <= 0) {
      return 0;
    }
    State state = states.get(key);
    if (state == null) {
      state = new State();
      state.lastAlertNanos = nowNanos;
      states.put(key, state);
      return 0;
    }
    if (nowNanos - state.lastAlertNanos < cooldownNanos) {
      state.suppressed++;
      return -1;
    }
    long suppressed = state.suppressed;
    state.suppressed = 0;
    state.lastAlertNanos = nowNanos;
    return suppressed;
  }

  /**
   * True, counting one more suppressed repeat, when an alert for {@code key} would be suppressed now; otherwise false,
   * and nothing changes (the alert then goes through {@link #admit}).
   */
  boolean holdBack(String key, long nowNanos) {
    if (cooldownNanos <= 0) {
      return false;
    }
    State state = states.get(key);
    if (state == null || nowNanos - state.lastAlertNanos >= cooldownNanos) {
      return false;
    }
    state.suppressed++;
    return true;
  }

  /** Forgets every key (a new timeline); the eviction count stays. */
  void clear() {
    states.clear();
  }

  int size() {
    return states.size();
  }

  long evictions() {
    return evictions;
  }
}
