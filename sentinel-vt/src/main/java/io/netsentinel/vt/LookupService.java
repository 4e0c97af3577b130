package io.netsentinel.vt;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * The lookup thread of one VirusTotal detector. Sightings arrive through a {@link SightingQueue}; each indicator is
 * answered from the {@link VerdictCache} or waits in a pending set, where repeated sightings only add weight (an
 * indicator in flight is never asked for twice). When the {@link Quota} has a token, the heaviest pending indicator
 * that is due goes out. Bad verdicts come back as {@link Finding}s through a queue the detection thread drains, so
 * alerts are emitted on its thread.
 */
final class LookupService implements AutoCloseable {
  /** A bad verdict for one sighting. */
  record Finding(Sighting sighting, Verdict verdict) {}

  private static final int DRAIN_BATCH = 256;
  private static final int MAX_WAITERS = 16;
  private static final int MAX_FINDINGS = 10_000;
  private static final long IDLE_PARK_MILLIS = 1_000;
  private static final long SAVE_EVERY_NANOS = 60_000_000_000L;
  private static final int LOUD_WARNINGS = 10;
  private static final int DAILY_AFTER_CONSECUTIVE_429 = 3;

  private final IndicatorKind kind;
  private final VtConfig config;
  private final Clock clock;
  private final Logger log;
  private final String detectorId;
  private final Counters counters;
  private final VirusTotalClient client;
  private final Quota quota;
  private final VerdictCache cache;
  private final SightingQueue queue;
  private final Queue<Finding> findings = new ConcurrentLinkedQueue<>();
  private final AtomicInteger findingCount = new AtomicInteger();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Thread thread;

  private final Object lock = new Object();
  /** Guarded by {@link #lock}, like {@link #inFlight} and {@link #disabled}. */
  private final LinkedHashMap<String, Pending> pending = new LinkedHashMap<>();
  private Pending inFlight;
  private boolean disabled;

  private volatile boolean stopped;
  // Lookup thread only.
  private long lastSave = System.nanoTime();
  /** After the budget said "wait", when it is worth asking again (saves a ledger read per new sighting). */
  private long quotaRetryAt;
  private int consecutive429;
  private int warnings;

  /** An indicator waiting for a token, with the sightings that want its verdict. */
  private static final class Pending {
    final String indicator;
    final List<Sighting> waiters = new ArrayList<>(2);
    long weight;
    int attempts;
    long notBefore;

    Pending(Sighting first) {
      indicator = first.indicator();
      weight = first.weight();
      // Even a weight-only report stands for a source: its first report may have been dropped from a full queue.
      waiters.add(first);
    }

    void add(Sighting s) {
      weight += s.weight();
      if (s.newPair() && waiters.size() < MAX_WAITERS) {
        waiters.add(s);
      }
    }
  }

  private LookupService(IndicatorKind kind, VtConfig config, Clock clock, Logger log, String detectorId,
      Counters counters) {
    this.kind = kind;
    this.config = config;
    this.clock = clock;
    this.log = log;
    this.detectorId = detectorId;
    this.counters = counters;
    this.client = new VirusTotalClient(config);
    Path dir = usableDataDir(config.dataDir(), log);
    this.quota = new Quota(dir == null ? null : dir.resolve("virustotal-quota.json"), config.requestsPerMinute(),
        config.dailyQuota(), clock, log);
    this.cache = new VerdictCache(config.cacheMaxEntries(), dir == null ? null : dir.resolve(kind.cacheFileName()),
        log);
    this.queue = new SightingQueue(config.queueCapacity(), kind == IndicatorKind.DOMAIN, counters.dropped());
    this.thread = new Thread(this::run, "netsentinel-" + detectorId);
    thread.setDaemon(true);
    queue.consumer(thread);
  }

  /** Creates the service and starts its thread. */
  static LookupService start(IndicatorKind kind, VtConfig config, Clock clock, Logger log, String detectorId,
      Counters counters) {
    LookupService service = new LookupService(kind, config, clock, log, detectorId, counters);
    service.thread.start();
    return service;
  }

  private static Path usableDataDir(Path dir, Logger log) {
    try {
      Files.createDirectories(dir);
      return dir;
    } catch (IOException | RuntimeException e) {
      log.warn("data_dir {} cannot be used ({}): the VirusTotal cache and quota are kept in memory for this run, and"
          + " each VirusTotal detector counts its own quota", dir, e.toString());
      return null;
    }
  }

  /** Where the packet thread puts sightings. */
  SightingQueue queue() {
    return queue;
  }

  /** Hands the bad verdicts found so far to {@code out}, on the caller's thread. */
  void drainFindings(Consumer<Finding> out) {
    Finding f;
    while ((f = findings.poll()) != null) {
      findingCount.decrementAndGet();
      out.accept(f);
    }
  }

  /**
   * True when nothing more will come of what was queued: every sighting has been answered, or the rest cannot be
   * looked up in this run (the key was refused, the day's quota is spent, or the thread has stopped).
   */
  boolean idle() {
    if (stopped) {
      return true;
    }
    synchronized (lock) {
      if (queue.size() > 0 || inFlight != null) {
        return false;
      }
      return pending.isEmpty() || disabled || quota.exhaustedToday();
    }
  }

  /** Indicators queued or waiting for a lookup. */
  int outstanding() {
    synchronized (lock) {
      return queue.size() + pending.size() + (inFlight != null ? 1 : 0);
    }
  }

  // ---- the lookup thread ----

  private void run() {
    try {
      cache.load(clock.millis());
      while (!closed.get()) {
        drainQueue();
        if (closed.get()) {
          break;
        }
        long park = step();
        // Sightings left after a full drain round are taken at once; otherwise the next offer wakes the thread.
        if (park > 0 && !closed.get() && queue.size() == 0) {
          LockSupport.parkNanos(Math.min(park, IDLE_PARK_MILLIS) * 1_000_000L);
        }
        if (cache.dirty() && System.nanoTime() - lastSave > SAVE_EVERY_NANOS) {
          cache.save(clock.millis());
          lastSave = System.nanoTime();
        }
      }
    } catch (RuntimeException | Error e) {
      // The trace goes through the redactor: a library exception may quote a header value.
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      log.error("the VirusTotal lookup thread of {} stopped: {}", detectorId, client.redact(trace.toString()));
    } finally {
      try {
        cache.save(clock.millis());
      } catch (RuntimeException e) {
        log.warn("cannot save the VirusTotal cache: {}", e.toString());
      }
      stopped = true;
    }
  }

  /** Wakes the lookup thread, for example after a test moved its clock. */
  void wake() {
    LockSupport.unpark(thread);
  }

  private void drainQueue() {
    for (int round = 0; round < 16; round++) {
      synchronized (lock) {
        if (queue.drain(DRAIN_BATCH, this::accept) < DRAIN_BATCH) {
          return;
        }
      }
    }
  }

  /** Takes one sighting: a cache answer, a merge into a pending or in-flight lookup, or a new pending one. */
  private void accept(Sighting s) {
    if (disabled) {
      if (s.newPair()) {
        counters.skipped().increment();
      }
      return;
    }
    Pending p = inFlight != null && inFlight.indicator.equals(s.indicator()) ? inFlight : pending.get(s.indicator());
    if (p != null) {
      p.add(s);
      return;
    }
    VerdictCache.Entry cached = cache.get(s.indicator(), clock.millis());
    if (cached != null) {
      if (!s.newPair()) {
        return;
      }
      if (cached.status() == VerdictCache.Status.FAILED) {
        counters.skipped().increment();
        return;
      }
      counters.cacheHits().increment();
      if (cached.status() == VerdictCache.Status.FOUND && cached.verdict().severity() != null) {
        post(s, cached.verdict());
      }
      return;
    }
    if (pending.size() >= config.maxPending() && !makeRoomFor(s)) {
      counters.dropped().increment();
      return;
    }
    pending.put(s.indicator(), new Pending(s));
  }

  /** Drops the least seen pending indicator if the newcomer outweighs it (a first sighting never does). */
  private boolean makeRoomFor(Sighting s) {
    if (s.weight() <= 1) {
      return false;
    }
    Pending lightest = null;
    for (Pending p : pending.values()) {
      if (lightest == null || p.weight < lightest.weight) {
        lightest = p;
      }
    }
    if (lightest == null || lightest.weight >= s.weight()) {
      return false;
    }
    pending.remove(lightest.indicator);
    counters.dropped().increment();
    return true;
  }

  /** One lookup if one is due and the budget allows it. Returns how long to wait before the next step (0: now). */
  private long step() {
    long now = clock.millis();
    Pending next;
    synchronized (lock) {
      if (disabled || pending.isEmpty()) {
        return IDLE_PARK_MILLIS;
      }
      next = heaviestDue(now);
      if (next == null) {
        long soonest = Long.MAX_VALUE;
        for (Pending p : pending.values()) {
          soonest = Math.min(soonest, p.notBefore);
        }
        return Math.max(1, soonest - now);
      }
    }
    if (now < quotaRetryAt) {
      return quotaRetryAt - now;
    }
    long wait = quota.tryAcquire();
    if (wait > 0) {
      quotaRetryAt = now + wait;
      return wait;
    }
    synchronized (lock) {
      if (closed.get() || disabled) {
        return 0;
      }
      pending.remove(next.indicator);
      inFlight = next;
    }
    try {
      counters.lookups().increment();
      LookupOutcome outcome = client.lookup(kind, next.indicator);
      if (!closed.get()) {
        handle(next, outcome);
      }
    } finally {
      synchronized (lock) {
        inFlight = null;
      }
    }
    return 0;
  }

  /** The due pending indicator seen most often (the oldest among equals). */
  private Pending heaviestDue(long now) {
    Pending best = null;
    for (Pending p : pending.values()) {
      if (p.notBefore <= now && (best == null || p.weight > best.weight)) {
        best = p;
      }
    }
    return best;
  }

  private void handle(Pending p, LookupOutcome outcome) {
    long now = clock.millis();
    if (!(outcome instanceof LookupOutcome.RateLimited)) {
      consecutive429 = 0;
    }
    if (outcome instanceof LookupOutcome.Found found) {
      Verdict v = found.verdict();
      boolean bad = v.severity() != null;
      long ttl = (bad ? config.foundTtl() : config.cleanTtl()).toMillis();
      synchronized (lock) {
        cache.put(p.indicator, new VerdictCache.Entry(VerdictCache.Status.FOUND, v, now + ttl));
        if (bad) {
          for (Sighting s : p.waiters) {
            post(s, v);
          }
        }
      }
    } else if (outcome instanceof LookupOutcome.NotFound) {
      synchronized (lock) {
        cache.put(p.indicator,
            new VerdictCache.Entry(VerdictCache.Status.NOT_FOUND, null, now + config.cleanTtl().toMillis()));
      }
    } else if (outcome instanceof LookupOutcome.Rejected rejected) {
      counters.errors().increment();
      int left;
      synchronized (lock) {
        disabled = true;
        left = pending.size();
        pending.clear();
      }
      counters.skipped().add(left);
      log.error("VirusTotal refused the API key (HTTP {}{}): {} makes no more lookups in this run. Check"
              + " virustotal_api_key in the config file or the VIRUSTOTAL_API_KEY environment variable.",
          rejected.status(), rejected.code().isEmpty() ? "" : " " + rejected.code(), detectorId);
    } else if (outcome instanceof LookupOutcome.RateLimited limited) {
      rateLimited(p, limited, now);
    } else if (outcome instanceof LookupOutcome.Transient failure) {
      counters.errors().increment();
      if (!failure.reachedServer()) {
        quota.refundDaily();
      }
      p.attempts++;
      if (p.attempts < config.maxAttempts()) {
        long base = config.retryBaseDelay().toMillis() << Math.min(p.attempts - 1, 20);
        long delay = base + (long) (ThreadLocalRandom.current().nextDouble() * base);
        p.notBefore = now + delay;
        synchronized (lock) {
          requeue(p);
        }
        log.debug("VirusTotal lookup of {} failed ({}); try {} of {} in {} ms", p.indicator, failure.reason(),
            p.attempts + 1, config.maxAttempts(), delay);
      } else {
        giveUp(p, now);
        warn("VirusTotal lookup of {} failed {} times (last: {}); not asking again for {} minutes", p.indicator,
            p.attempts, failure.reason(), config.giveUpFor().toMinutes());
      }
    } else if (outcome instanceof LookupOutcome.Malformed malformed) {
      counters.errors().increment();
      giveUp(p, now);
      warn("VirusTotal answered the lookup of {} with something unreadable ({}); no alert for it", p.indicator,
          malformed.reason());
    }
  }

  /**
   * 429: the indicator goes back to the queue and every lookup (of both detectors, through the shared ledger) waits:
   * until the next minute, or until 00:00 UTC when it is the daily quota (our own count says so, VirusTotal's message
   * says so, or the minute wait did not help three times running).
   */
  private void rateLimited(Pending p, LookupOutcome.RateLimited limited, long now) {
    consecutive429++;
    String text = (limited.code() + " " + limited.message()).toLowerCase(Locale.ROOT);
    boolean daily = text.contains("daily") || text.contains(" day") || consecutive429 >= DAILY_AFTER_CONSECUTIVE_429
        || quota.usedToday() >= config.dailyQuota();
    long until;
    if (limited.retryAfterSeconds() > 0 && !daily) {
      until = now + limited.retryAfterSeconds() * 1000;
    } else {
      until = daily ? Quota.nextUtcMidnight(now) : now + 60_000;
    }
    quota.blockUntil(until);
    synchronized (lock) {
      requeue(p);
    }
    warn("VirusTotal answered 429 {}: {} lookups pause until {}", limited.code().isEmpty() ? "" : limited.code(),
        daily ? "the daily quota is used up;" : "the minute quota is used up;", Instant.ofEpochMilli(until));
  }

  /** Puts a lookup back among the pending ones, merging with sightings that arrived meanwhile. */
  private void requeue(Pending p) {
    Pending newer = pending.remove(p.indicator);
    if (newer != null) {
      p.weight += newer.weight;
      for (Sighting s : newer.waiters) {
        if (p.waiters.size() < MAX_WAITERS) {
          p.waiters.add(s);
        }
      }
    }
    pending.put(p.indicator, p);
  }

  private void giveUp(Pending p, long now) {
    synchronized (lock) {
      cache.put(p.indicator,
          new VerdictCache.Entry(VerdictCache.Status.FAILED, null, now + config.giveUpFor().toMillis()));
    }
  }

  private void post(Sighting s, Verdict v) {
    if (findingCount.incrementAndGet() > MAX_FINDINGS) {
      findingCount.decrementAndGet();
      counters.dropped().increment();
      return;
    }
    findings.add(new Finding(s, v));
  }

  /** The first few problems are warnings; after that they go to debug, so a broken upstream cannot flood the log. */
  private void warn(String format, Object... args) {
    if (++warnings <= LOUD_WARNINGS) {
      log.warn(format, args);
    } else {
      log.debug(format, args);
    }
  }

  /**
   * Stops the thread (cancelling a request in flight), saves the cache and forgets what was queued. Safe to call
   * twice.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    client.cancel();
    LockSupport.unpark(thread);
    boolean interrupted = false;
    long deadline = System.nanoTime() + config.callTimeout().toNanos() + 2_000_000_000L;
    while (thread.isAlive() && System.nanoTime() < deadline) {
      try {
        thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      } catch (InterruptedException e) {
        interrupted = true;
        client.cancel();
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    client.close();
    if (thread.isAlive()) {
      log.warn("the VirusTotal lookup thread of {} did not stop in time; it saves the cache when it does",
          detectorId);
      return;
    }
    synchronized (lock) {
      pending.clear();
      inFlight = null;
      queue.clear();
      cache.clear();
    }
    findings.clear();
    findingCount.set(0);
  }

  /** VirusTotal requests counted today, in the quota ledger shared by both detectors (a metric). */
  long quotaUsedToday() {
    return quota.usedToday();
  }

  /** Indicators waiting for a lookup (a metric). */
  long queueDepth() {
    return queue.size();
  }
}
