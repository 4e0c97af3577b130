package io.netsentinel.server;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * 50 alerts per agent per 5 s, counted per alert, as a virtual-scheduling bucket (GCRA): each alert costs {@code
 * window / limit} of time. A batch is accepted when it fits into what the agent has left of its current 5 s
 * allowance. A batch larger than the whole allowance (the agent batches up to 200) could then never pass, so it is
 * accepted when the agent owes nothing, and the agent then waits until that debt is paid: over time no agent gets
 * more than 50 alerts per 5 s. A refused batch is not counted.
 */
final class AlertRateLimiter {
  private final ConcurrentHashMap<String, Long> theoreticalArrivalNanos = new ConcurrentHashMap<>();
  private final Clock clock;
  private final long costNanos;
  private final long windowNanos;

  AlertRateLimiter(Clock clock, int alertsPerWindow, Duration window) {
    this.clock = clock;
    this.windowNanos = window.toNanos();
    this.costNanos = windowNanos / alertsPerWindow;
  }

  /** Takes {@code alerts} from the agent's allowance; returns 0 when accepted, else the seconds to wait. */
  long tryAcquire(String agentId, int alerts) {
    long now = nanos();
    long[] wait = {0};
    theoreticalArrivalNanos.compute(agentId, (id, tatOrNull) -> {
      long tat = tatOrNull == null ? now : Math.max(tatOrNull, now);
      long next = tat + alerts * costNanos;
      boolean fits = next - now <= windowNanos;
      boolean owesNothing = tat == now;
      if (fits || owesNothing) {
        return next;
      }
      // Wait until enough of the allowance is free for this batch, or until the debt is paid for a large batch.
      long needed = Math.min(next - now - windowNanos, tat - now);
      wait[0] = Math.max(1, (needed + 999_999_999L) / 1_000_000_000L);
      return tat;
    });
    if (theoreticalArrivalNanos.size() > 10_000) {
      theoreticalArrivalNanos.values().removeIf(t -> t < now);
    }
    return wait[0];
  }

  private long nanos() {
    java.time.Instant i = clock.instant();
    return i.getEpochSecond() * 1_000_000_000L + i.getNano();
  }
}
