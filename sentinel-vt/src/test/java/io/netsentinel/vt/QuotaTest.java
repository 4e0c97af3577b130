package io.netsentinel.vt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.helpers.NOPLogger;

class QuotaTest {
  private static final Instant NOON = Instant.parse("2025-03-14T12:00:00Z");

  @TempDir Path dir;
  private final FakeClock clock = new FakeClock(NOON);

  private Quota quota(int perMinute, int perDay) {
    return new Quota(dir.resolve("virustotal-quota.json"), perMinute, perDay, clock, NOPLogger.NOP_LOGGER);
  }

  private static int takeAll(Quota q) {
    int granted = 0;
    for (int i = 0; i < 10_000 && q.tryAcquire() == 0; i++) {
      granted++;
    }
    return granted;
  }

  @Test
  void allowsFourAMinuteAndThenOneEveryFifteenSeconds() {
    Quota q = quota(4, 500);

    assertThat(takeAll(q)).isEqualTo(4);
    assertThat(q.tryAcquire()).isEqualTo(15_000);
    clock.advance(Duration.ofSeconds(14));
    assertThat(q.tryAcquire()).isEqualTo(1_000);
    clock.advance(Duration.ofSeconds(1));
    assertThat(takeAll(q)).isEqualTo(1);
    clock.advance(Duration.ofMinutes(10));
    assertThat(takeAll(q)).as("the bucket holds at most a minute's worth").isEqualTo(4);
  }

  @Test
  void stopsAtTheDailyQuotaUntilMidnightUtc() {
    Quota q = quota(1_000, 5);

    assertThat(takeAll(q)).isEqualTo(5);
    assertThat(q.tryAcquire()).isEqualTo(Duration.ofHours(12).toMillis());
    assertThat(q.exhaustedToday()).isTrue();
    clock.set(Instant.parse("2025-03-14T23:59:59Z"));
    assertThat(takeAll(q)).isZero();
    clock.set(Instant.parse("2025-03-15T00:00:00Z"));
    assertThat(takeAll(q)).isEqualTo(5);
    assertThat(q.usedToday()).isEqualTo(5);
  }

  @Test
  void theTwoDetectorsDrawFromOneBudgetThroughTheLedger() {
    Quota ip = quota(4, 500);
    Quota domain = quota(4, 500);

    assertThat(ip.tryAcquire()).isZero();
    assertThat(domain.tryAcquire()).isZero();
    assertThat(ip.tryAcquire()).isZero();
    assertThat(domain.tryAcquire()).isZero();
    assertThat(ip.tryAcquire()).isPositive();
    assertThat(domain.tryAcquire()).isPositive();
  }

  @Test
  void aRestartDoesNotGetAFreshDailyQuota() {
    assertThat(takeAll(quota(1_000, 7))).isEqualTo(7);

    Quota restarted = quota(1_000, 7);

    assertThat(restarted.tryAcquire()).isPositive();
    assertThat(restarted.usedToday()).isEqualTo(7);
  }

  @Test
  void aBlockHoldsForBothDetectorsUntilItEnds() {
    Quota ip = quota(4, 500);
    Quota domain = quota(4, 500);

    ip.blockUntil(clock.millis() + 60_000);

    assertThat(domain.tryAcquire()).isEqualTo(60_000);
    assertThat(ip.tryAcquire()).isEqualTo(60_000);
    clock.advance(Duration.ofSeconds(60));
    assertThat(domain.tryAcquire()).isZero();
  }

  @Test
  void aBlockUntilMidnightCountsAsTheDayUsedUp() {
    Quota q = quota(4, 500);

    q.blockUntil(Quota.nextUtcMidnight(clock.millis()));

    assertThat(q.tryAcquire()).isEqualTo(Duration.ofHours(12).toMillis());
    assertThat(q.exhaustedToday()).isTrue();
  }

  @Test
  void anUnreadableLedgerStartsAfresh() throws Exception {
    Files.writeString(dir.resolve("virustotal-quota.json"), "{not json");

    assertThat(takeAll(quota(3, 500))).isEqualTo(3);
  }

  @Test
  void withoutAFileItCountsInMemory() {
    Quota q = new Quota(null, 2, 500, clock, NOPLogger.NOP_LOGGER);

    assertThat(takeAll(q)).isEqualTo(2);
    clock.advance(Duration.ofSeconds(30));
    assertThat(takeAll(q)).isEqualTo(1);
  }

  @Test
  void aLedgerThatCannotBeWrittenFallsBackToMemory() throws Exception {
    Path notADirectory = dir.resolve("file");
    Files.writeString(notADirectory, "x");
    Quota q = new Quota(notADirectory.resolve("virustotal-quota.json"), 2, 500, clock, NOPLogger.NOP_LOGGER);

    assertThat(takeAll(q)).isEqualTo(2);
  }

  @Test
  void findsTheNextMidnightInUtc() {
    long t = Instant.parse("2025-03-14T12:34:56.789Z").toEpochMilli();
    assertThat(Instant.ofEpochMilli(Quota.nextUtcMidnight(t))).isEqualTo(Instant.parse("2025-03-15T00:00:00Z"));
    assertThat(Instant.ofEpochMilli(Quota.nextUtcMidnight(Instant.parse("2025-03-14T23:59:59.999Z").toEpochMilli())))
        .isEqualTo(Instant.parse("2025-03-15T00:00:00Z"));
  }
}
