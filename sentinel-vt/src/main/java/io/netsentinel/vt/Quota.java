package io.netsentinel.vt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;

/**
 * The request budget: a token bucket refilled at {@code perMinute} tokens a minute (holding at most {@code perMinute},
 * so a burst never exceeds the free tier's minute), and a count per UTC day that may not pass {@code perDay}; the day
 * starts at 00:00 UTC.
 *
 * <p>The state lives in a small ledger file in {@code data_dir}, read and written under a file lock for every
 * request. So the IP and domain detectors, each with its own lookup thread, draw from one budget, as VirusTotal counts
 * per key; and a restart does not get a fresh daily quota. Without a usable file the state is kept in memory.
 */
final class Quota {
  private static final long MINUTE = 60_000;
  private static final long DAY = 86_400_000;
  private static final long LOCK_WAIT_MILLIS = 2_000;
  private static final long BUSY_RETRY_MILLIS = 250;

  private final int perMinute;
  private final int perDay;
  private final Clock clock;
  private final Logger log;
  private final ObjectMapper json = new ObjectMapper();
  private Path file;
  private State memory;
  private long localBlockedUntil;
  private boolean exhaustedToday;

  /**
   * The bucket and the day's count. The bucket is counted in exact integer credit: every millisecond adds {@code
   * perMinute} credit and a request costs {@value #MINUTE}, so no rounding ever grants or withholds a token.
   */
  static final class State {
    long credit;
    long refilledAt;
    long day;
    long used;
    long blockedUntil;
  }

  /**
   * @param file the ledger, or null to keep the state in memory only
   */
  Quota(Path file, int perMinute, int perDay, Clock clock, Logger log) {
    this.file = file;
    this.perMinute = perMinute;
    this.perDay = perDay;
    this.clock = clock;
    this.log = log;
  }

  /**
   * Takes one request from the budget if it has one. Returns 0 when the request may go now (and counts it), otherwise
   * the milliseconds until it is worth asking again.
   */
  synchronized long tryAcquire() {
    long now = clock.millis();
    if (now < localBlockedUntil) {
      exhaustedToday = localBlockedUntil >= nextUtcMidnight(now);
      return localBlockedUntil - now;
    }
    return withLedger(now, s -> {
      if (now < s.blockedUntil) {
        exhaustedToday = s.blockedUntil >= nextUtcMidnight(now);
        return s.blockedUntil - now;
      }
      if (s.used >= perDay) {
        exhaustedToday = true;
        return nextUtcMidnight(now) - now;
      }
      exhaustedToday = false;
      if (s.credit >= MINUTE) {
        s.credit -= MINUTE;
        s.used++;
        return 0;
      }
      return Math.max(1, (MINUTE - s.credit + perMinute - 1) / perMinute);
    });
  }

  /** No request before {@code epochMillis} (VirusTotal answered 429); shared with the other detector. */
  synchronized void blockUntil(long epochMillis) {
    localBlockedUntil = Math.max(localBlockedUntil, epochMillis);
    long now = clock.millis();
    exhaustedToday = epochMillis >= nextUtcMidnight(now);
    withLedger(now, s -> {
      s.blockedUntil = Math.max(s.blockedUntil, epochMillis);
      s.credit = 0;
      return 0;
    });
  }

  /**
   * Gives back the day's count for a request that never reached VirusTotal (no connection), so an agent that is
   * offline for hours does not use up the day. The minute's credit is not given back, so the pace stays the same.
   */
  synchronized void refundDaily() {
    withLedger(clock.millis(), s -> {
      s.used = Math.max(0, s.used - 1);
      return 0;
    });
  }

  /** True when the last look at the budget found the day used up: nothing more will go out before 00:00 UTC. */
  synchronized boolean exhaustedToday() {
    return exhaustedToday;
  }

  /** Requests counted today (for tests and statistics). */
  synchronized long usedToday() {
    long now = clock.millis();
    return withLedger(now, s -> s.used);
  }

  /** A full bucket: one minute's requests. */
  private long capacity() {
    return (long) perMinute * MINUTE;
  }

  static long nextUtcMidnight(long epochMillis) {
    return (Math.floorDiv(epochMillis, DAY) + 1) * DAY;
  }

  private long withLedger(long now, ToLongFunction<State> operation) {
    if (file != null) {
      try (FileChannel channel =
          FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
        FileLock lock = lock(channel);
        if (lock == null) {
          // The other detector holds it for a moment; ask again shortly rather than guess.
          return BUSY_RETRY_MILLIS;
        }
        try {
          State s = read(channel, now);
          roll(s, now);
          long result = operation.applyAsLong(s);
          write(channel, s);
          memory = s;
          return result;
        } finally {
          lock.release();
        }
      } catch (IOException e) {
        log.warn("VirusTotal quota ledger {} cannot be used ({}): counting requests in memory for this run", file,
            e.toString());
        file = null;
      }
    }
    if (memory == null) {
      memory = fresh(now);
    }
    roll(memory, now);
    return operation.applyAsLong(memory);
  }

  private static FileLock lock(FileChannel channel) throws IOException {
    long deadline = System.nanoTime() + LOCK_WAIT_MILLIS * 1_000_000;
    while (true) {
      try {
        FileLock lock = channel.tryLock();
        if (lock != null) {
          return lock;
        }
      } catch (OverlappingFileLockException e) {
        // Held by another thread of this JVM (the other detector's lookup thread).
      }
      if (System.nanoTime() > deadline) {
        return null;
      }
      try {
        Thread.sleep(2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
  }

  private State fresh(long now) {
    State s = new State();
    s.credit = capacity();
    s.refilledAt = now;
    s.day = Math.floorDiv(now, DAY);
    return s;
  }

  /** Refills the bucket for the time passed and starts a new day's count at midnight UTC. */
  private void roll(State s, long now) {
    if (now > s.refilledAt) {
      long elapsed = Math.min(now - s.refilledAt, MINUTE);
      s.credit = Math.min(capacity(), s.credit + elapsed * perMinute);
      s.refilledAt = now;
    } else if (now < s.refilledAt) {
      // The clock stepped back: start the refill from here rather than wait for the old time.
      s.refilledAt = now;
    }
    s.credit = Math.max(0, Math.min(s.credit, capacity()));
    long today = Math.floorDiv(now, DAY);
    if (today != s.day) {
      s.day = today;
      s.used = 0;
    }
  }

  private State read(FileChannel channel, long now) throws IOException {
    long size = channel.size();
    if (size == 0 || size > 4096) {
      return fresh(now);
    }
    ByteBuffer buffer = ByteBuffer.allocate((int) size);
    while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) > 0) {
      // read until full
    }
    try {
      JsonNode node = json.readTree(buffer.array());
      State s = new State();
      s.credit = node.path("credit").asLong(capacity());
      s.refilledAt = node.path("refilled_at").asLong(now);
      s.day = node.path("day").asLong(Math.floorDiv(now, DAY));
      s.used = node.path("used").asLong(0);
      s.blockedUntil = node.path("blocked_until").asLong(0);
      return s;
    } catch (IOException | RuntimeException e) {
      log.debug("VirusTotal quota ledger {} is unreadable; starting it afresh", file);
      return fresh(now);
    }
  }

  private void write(FileChannel channel, State s) throws IOException {
    ObjectNode node = json.createObjectNode();
    node.put("day", s.day);
    node.put("used", s.used);
    node.put("credit", s.credit);
    node.put("refilled_at", s.refilledAt);
    node.put("blocked_until", s.blockedUntil);
    ByteBuffer buffer = ByteBuffer.wrap(json.writeValueAsBytes(node));
    channel.truncate(0);
    long position = 0;
    while (buffer.hasRemaining()) {
      position += channel.write(buffer, position);
    }
  }
}
