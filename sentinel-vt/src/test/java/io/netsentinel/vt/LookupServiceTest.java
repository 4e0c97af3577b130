package io.netsentinel.vt;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netsentinel.api.IpRange;
import io.netsentinel.api.Severity;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class LookupServiceTest {
  private static final Instant NOON = Instant.parse("2025-03-14T12:00:00Z");

  @StartStop private final MockWebServer server = new MockWebServer();
  @TempDir Path dir;
  private final VtDispatcher vt = new VtDispatcher();
  private final FakeClock clock = new FakeClock(NOON);
  private final Counters counters = TestConfig.counters();
  private final List<LookupService.Finding> findings = new ArrayList<>();
  private final List<LookupService> started = new ArrayList<>();
  private Logger logger;
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();
  private TestConfig config;

  @BeforeEach
  void setUp() {
    server.setDispatcher(vt);
    config = new TestConfig(server.url("/api/v3").toString(), dir);
    logger = (Logger) LoggerFactory.getLogger("test." + UUID.randomUUID());
    logger.setAdditive(false);
    logger.setLevel(Level.DEBUG);
    log.start();
    logger.addAppender(log);
  }

  @AfterEach
  void tearDown() {
    started.forEach(LookupService::close);
  }

  private LookupService start(IndicatorKind kind, Clock time) {
    LookupService s = LookupService.start(kind, config.build(), time, logger, "vt-test", counters);
    started.add(s);
    return s;
  }

  private LookupService startIp() {
    return start(IndicatorKind.IP, clock);
  }

  private static void sight(LookupService s, String src, String dst, long hits) {
    IpRange from = IpRange.parse(src);
    IpRange to = IpRange.parse(dst);
    s.queue().offer(from.hi(), from.lo(), to.hi(), to.lo(), 443, 6, hits, null, 0);
  }

  private static void sight(LookupService s, String dst) {
    sight(s, "10.0.0.5", dst, 1);
  }

  private List<LookupService.Finding> findings(LookupService s) {
    s.drainFindings(findings::add);
    return findings;
  }

  private void advance(LookupService s, Duration d) {
    clock.advance(d);
    s.wake();
  }

  /** Waits a little and checks nothing more was asked: for "does not happen" assertions. */
  private void assertAskedStays(int count) {
    Await.sleep(150);
    assertThat(vt.asked()).hasSize(count);
  }

  private List<String> messages(Level level) {
    return log.list.stream().filter(e -> e.getLevel() == level).map(ILoggingEvent::getFormattedMessage).toList();
  }

  @Test
  void looksUpAnIndicatorOnceWhileItIsPendingOrInFlightAndAnswersEverySourceThatSawIt() {
    vt.answer("ip_addresses/198.51.100.7", VtDispatcher.slow(
        VtDispatcher.json(200, VtBodies.ip("198.51.100.7", 12, 0, 50, 20, -40)), 300));
    LookupService s = startIp();

    for (int source = 1; source <= 10; source++) {
      for (long hits = 1; hits <= 64; hits *= 2) {
        sight(s, "10.0.0." + source, "198.51.100.7", hits);
      }
    }

    Await.until("a finding per source", () -> findings(s).size() == 10);
    assertThat(vt.count("ip_addresses/198.51.100.7")).isEqualTo(1);
    assertThat(findings).extracting(f -> f.sighting().source()).doesNotHaveDuplicates().hasSize(10);
    assertThat(findings).allSatisfy(f -> assertThat(f.verdict().severity()).isEqualTo(Severity.CRITICAL));

    sight(s, "10.0.0.99", "198.51.100.7", 1);
    Await.until("the cached verdict", () -> findings(s).size() == 11);
    assertThat(vt.count("ip_addresses/198.51.100.7")).isEqualTo(1);
    assertThat(counters.lookups().sum()).isEqualTo(1);
  }

  @Test
  void spendsNoMoreThanTheMinuteBudgetAndAsksForTheMostSeenIndicatorsFirst() {
    config.perMinute = 2;
    LookupService s = startIp();
    sight(s, "203.0.113.1");
    sight(s, "203.0.113.2");
    Await.until("the first minute's two lookups", () -> vt.asked().size() == 2);

    sight(s, "198.51.100.1");
    sight(s, "198.51.100.2");
    sight(s, "198.51.100.3");
    sight(s, "10.0.0.5", "198.51.100.3", 128);
    sight(s, "198.51.100.4");
    sight(s, "10.0.0.5", "198.51.100.4", 16);
    sight(s, "198.51.100.5");
    Await.until("five indicators waiting", () -> s.outstanding() == 5);
    assertAskedStays(2);

    advance(s, Duration.ofSeconds(30));
    Await.until("one more token's lookup", () -> vt.asked().size() == 3);
    assertAskedStays(3);
    advance(s, Duration.ofSeconds(30));
    Await.until("the next token's lookup", () -> vt.asked().size() == 4);
    advance(s, Duration.ofMinutes(10));
    Await.until("a full bucket's two lookups", () -> vt.asked().size() == 6);
    assertAskedStays(6);

    assertThat(vt.asked()).containsExactly("ip_addresses/203.0.113.1", "ip_addresses/203.0.113.2",
        "ip_addresses/198.51.100.3", "ip_addresses/198.51.100.4", "ip_addresses/198.51.100.1",
        "ip_addresses/198.51.100.2");
    assertThat(s.outstanding()).isEqualTo(1);
  }

  @Test
  void stopsAtTheDailyQuotaAndGoesOnAfterMidnightUtc() {
    clock.set(Instant.parse("2025-03-14T23:59:00Z"));
    config.perDay = 3;
    LookupService s = startIp();
    for (int i = 1; i <= 5; i++) {
      sight(s, "198.51.100." + i);
    }

    Await.until("the day's three lookups", () -> vt.asked().size() == 3);
    Await.until("the service to see the day is spent", s::idle);
    assertAskedStays(3);
    assertThat(s.outstanding()).isEqualTo(2);

    clock.set(Instant.parse("2025-03-15T00:00:01Z"));
    s.wake();
    Await.until("the rest after midnight", () -> vt.asked().size() == 5);
  }

  @Test
  void backsOffToTheNextMinuteAfterA429AndThenAsksAgain() {
    vt.answer("ip_addresses/198.51.100.7", VtDispatcher.json(429, VtBodies.quotaExceeded()),
        VtDispatcher.json(200, VtBodies.ip("198.51.100.7", 4, 0, 50, 20, 0)));
    LookupService s = startIp();
    sight(s, "198.51.100.7");
    Await.until("the refused lookup to be handled", () -> messages(Level.WARN).size() == 1);

    sight(s, "198.51.100.8");
    assertAskedStays(1);
    advance(s, Duration.ofSeconds(59));
    assertAskedStays(1);
    advance(s, Duration.ofSeconds(2));

    Await.until("both lookups after the minute", () -> vt.asked().size() == 3);
    Await.until("the retried verdict", () -> findings(s).size() == 1);
    assertThat(findings.get(0).verdict().severity()).isEqualTo(Severity.HIGH);
    assertThat(messages(Level.WARN)).anySatisfy(m -> assertThat(m).contains("429").contains("minute"));
  }

  @Test
  void backsOffUntilMidnightUtcWhenTheMinuteWaitDoesNotHelp() {
    vt.answer("ip_addresses/198.51.100.7", VtDispatcher.json(429, VtBodies.quotaExceeded()));
    LookupService s = startIp();
    sight(s, "198.51.100.7");
    for (int i = 1; i <= 3; i++) {
      int expected = i;
      Await.until("429 number " + i + " to be handled", () -> messages(Level.WARN).size() == expected);
      advance(s, Duration.ofSeconds(61));
    }

    assertAskedStays(3);
    Await.until("the service to see the day is spent", s::idle);
    assertThat(messages(Level.WARN)).last().satisfies(m -> assertThat(m).contains("daily"));

    clock.set(Instant.parse("2025-03-15T00:00:01Z"));
    s.wake();
    Await.until("a lookup on the new day", () -> vt.asked().size() == 4);
  }

  @Test
  void aRefusedKeyStopsEveryLookupForTheRunWithOneErrorLine() {
    vt.otherwise(VtDispatcher.json(401, VtBodies.wrongCredentials()));
    LookupService s = startIp();
    for (int i = 1; i <= 5; i++) {
      sight(s, "198.51.100." + i);
    }

    Await.until("the service to give up", s::idle);
    for (int i = 1; i <= 5; i++) {
      sight(s, "203.0.113." + i);
    }
    // Four of the first five were never asked about, and none of the next five.
    Await.until("the other sightings to be skipped", () -> counters.skipped().sum() == 9);

    assertThat(vt.asked()).hasSize(1);
    assertThat(messages(Level.ERROR)).singleElement().satisfies(m -> assertThat(m)
        .contains("refused the API key").contains("401").contains("WrongCredentialsError")
        .contains("VIRUSTOTAL_API_KEY"));
    assertThat(counters.errors().sum()).isEqualTo(1);
    assertThat(findings(s)).isEmpty();
  }

  @Test
  void retriesAServerErrorWithBackoffAndThenReportsTheVerdict() {
    vt.answer("ip_addresses/198.51.100.7", VtDispatcher.json(503, VtBodies.transientError()),
        VtDispatcher.json(503, VtBodies.transientError()),
        VtDispatcher.json(200, VtBodies.ip("198.51.100.7", 9, 0, 50, 20, 0)));
    LookupService s = start(IndicatorKind.IP, Clock.systemUTC());

    sight(s, "198.51.100.7");

    Await.until("the verdict after two retries", () -> findings(s).size() == 1);
    assertThat(vt.count("ip_addresses/198.51.100.7")).isEqualTo(3);
    assertThat(counters.errors().sum()).isEqualTo(2);
    assertThat(findings.get(0).verdict().severity()).isEqualTo(Severity.CRITICAL);
  }

  @Test
  void givesUpOnAnIndicatorThatKeepsFailingAndLeavesItAloneForAWhile() {
    vt.otherwise(VtDispatcher.json(503, VtBodies.transientError()));
    LookupService s = start(IndicatorKind.IP, Clock.systemUTC());

    sight(s, "198.51.100.7");
    Await.until("three tries", () -> vt.asked().size() == 3 && s.idle());
    sight(s, "10.0.0.6", "198.51.100.7", 1);
    Await.until("the next sighting to be skipped", () -> counters.skipped().sum() == 1);

    assertAskedStays(3);
    assertThat(messages(Level.WARN)).singleElement().satisfies(m -> assertThat(m)
        .contains("198.51.100.7").contains("failed 3 times").contains("503"));
  }

  @Test
  void lookupsThatNeverReachVirusTotalDoNotUseUpTheDailyQuota() {
    config.baseUrl = server.url("/api/v3").toString();
    server.close();
    config.attempts = 2;
    LookupService s = start(IndicatorKind.IP, Clock.systemUTC());

    sight(s, "198.51.100.7");
    sight(s, "198.51.100.8");

    Await.until("both to be given up", () -> counters.errors().sum() == 4 && s.idle());
    assertThat(counters.lookups().sum()).isEqualTo(4);
    Quota ledger = new Quota(dir.resolve("virustotal-quota.json"), 600, 500, Clock.systemUTC(), logger);
    assertThat(ledger.usedToday()).isZero();
  }

  @Test
  void aServerSlowerThanTheTimeoutCountsAsAFailure() {
    config.callTimeout = Duration.ofMillis(200);
    config.attempts = 2;
    vt.otherwise(VtDispatcher.slow(VtDispatcher.json(200, VtBodies.ip("198.51.100.7", 20, 0, 50, 20, -90)), 1_500));
    LookupService s = start(IndicatorKind.IP, Clock.systemUTC());

    sight(s, "198.51.100.7");

    Await.until("two timed-out tries", () -> counters.errors().sum() == 2 && s.idle());
    assertThat(findings(s)).isEmpty();
    assertThat(messages(Level.WARN)).singleElement().satisfies(m -> assertThat(m).contains("timed out"));
  }

  @Test
  void anUnreadableAnswerIsAWarningAndNoAlert() {
    vt.answer("domains/evil.example.net", VtDispatcher.json(200, "<html>Service temporarily overloaded</html>"));
    LookupService s = start(IndicatorKind.DOMAIN, clock);
    IpRange src = IpRange.parse("10.0.0.5");
    IpRange dns = IpRange.parse("10.0.0.53");
    s.queue().offer(src.hi(), src.lo(), dns.hi(), dns.lo(), 53, 17, 1, "evil.example.net", 16);

    Await.until("the lookup to end", () -> vt.asked().size() == 1 && s.idle());
    s.queue().offer(src.hi(), src.lo(), dns.hi(), dns.lo(), 53, 17, 1, "evil.example.net", 16);

    assertAskedStays(1);
    assertThat(findings(s)).isEmpty();
    assertThat(counters.errors().sum()).isEqualTo(1);
    assertThat(messages(Level.WARN)).singleElement().satisfies(m -> assertThat(m)
        .contains("evil.example.net").contains("unreadable").contains("no alert"));
  }

  @Test
  void keepsACleanVerdictForAnHourAndABadOneForADay() {
    vt.ip("198.51.100.1", 0, 0, 10);
    vt.ip("198.51.100.2", 5, 0, -30);
    LookupService s = startIp();
    sight(s, "198.51.100.1");
    sight(s, "198.51.100.2");
    Await.until("both verdicts", () -> vt.asked().size() == 2 && findings(s).size() == 1);

    sight(s, "10.0.0.6", "198.51.100.1", 1);
    sight(s, "10.0.0.6", "198.51.100.2", 1);
    Await.until("the cached bad verdict for the new source", () -> findings(s).size() == 2);
    assertAskedStays(2);
    assertThat(counters.cacheHits().sum()).isEqualTo(2);

    advance(s, Duration.ofMinutes(61));
    sight(s, "10.0.0.7", "198.51.100.1", 1);
    sight(s, "10.0.0.7", "198.51.100.2", 1);
    Await.until("the clean one asked again", () -> vt.asked().size() == 3);
    assertAskedStays(3);
    assertThat(vt.asked().get(2)).isEqualTo("ip_addresses/198.51.100.1");

    advance(s, Duration.ofHours(23));
    sight(s, "10.0.0.8", "198.51.100.2", 1);
    Await.until("the bad one asked again after a day", () -> vt.count("ip_addresses/198.51.100.2") == 2);
  }

  @Test
  void remembersANotFoundForAnHour() {
    LookupService s = startIp();
    sight(s, "198.51.100.9");
    Await.until("the lookup", () -> vt.asked().size() == 1 && s.idle());

    sight(s, "10.0.0.6", "198.51.100.9", 1);
    assertAskedStays(1);
    advance(s, Duration.ofMinutes(60));
    sight(s, "10.0.0.7", "198.51.100.9", 1);

    Await.until("the lookup after an hour", () -> vt.asked().size() == 2);
  }

  @Test
  void theCacheSurvivesARestartSoNoQuotaIsSpentAgain() {
    vt.ip("198.51.100.7", 10, 0, -50);
    LookupService first = startIp();
    sight(first, "198.51.100.7");
    sight(first, "198.51.100.9");
    Await.until("both lookups", () -> vt.asked().size() == 2 && first.idle());
    first.close();

    LookupService second = startIp();
    sight(second, "10.0.0.6", "198.51.100.7", 1);
    sight(second, "10.0.0.6", "198.51.100.9", 1);

    Await.until("the saved verdict", () -> findings(second).size() == 1);
    Await.until("both from the cache", () -> counters.cacheHits().sum() == 2);
    assertAskedStays(2);
    assertThat(findings.get(0).sighting().source()).isEqualTo("10.0.0.6");
    assertThat(findings.get(0).verdict().severity()).isEqualTo(Severity.CRITICAL);
  }

  @Test
  void closingStopsTheThreadAndIsSafeTwice() {
    LookupService s = startIp();
    sight(s, "198.51.100.7");
    Await.until("the lookup", () -> vt.asked().size() == 1);

    s.close();
    s.close();

    assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("netsentinel-vt-test"));
    assertThat(s.outstanding()).isZero();
  }
}
