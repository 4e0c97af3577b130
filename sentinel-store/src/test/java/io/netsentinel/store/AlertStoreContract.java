package io.netsentinel.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netsentinel.api.Alert;
import io.netsentinel.api.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The one behaviour every {@link AlertStore} must have; subclasses open a fresh, empty store per test. */
abstract class AlertStoreContract {
  static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
  static final Comparator<Alert> NEWEST_FIRST =
      Comparator.comparing(Alert::timestamp).thenComparing(Alert::id).reversed();

  AlertStore store;

  /** A fresh, empty store. */
  abstract AlertStore openStore() throws Exception;

  @BeforeEach
  void open() throws Exception {
    store = openStore();
  }

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  static Alert alert(String id, Instant ts, Severity severity, String category, String srcIp) {
    return new Alert(
        id, ts, severity, category, "test-detector", "message of " + id, srcIp, 40000, "192.168.1.1", 80, "TCP",
        null, "agent-1", "host-1", "linux", Map.of("k", "v-" + id));
  }

  static Alert simple(String id, Instant ts) {
    return alert(id, ts, Severity.LOW, "PORT_SCAN", "10.0.0.1");
  }

  static Alert withMessage(String id, String category, String message, String srcIp, String hostname) {
    return new Alert(
        id, NOW, Severity.MEDIUM, category, "det", message, srcIp, null, null, null, null, null, null, hostname,
        null, null);
  }

  List<String> ids(AlertQuery q) {
    List<String> out = new ArrayList<>();
    for (StoredAlert a : store.query(q).alerts()) {
      out.add(a.alert().id());
    }
    return out;
  }

  static AlertQuery query(Severity sev, String cat, String agent, String q, Instant since, Instant until) {
    return new AlertQuery(sev, cat, agent, q, since, until, 1000, null);
  }

  // ------------------------------------------------------------------ append and dedup

  @Test
  void appendStoresEveryFieldAndReturnsHowManyWereNew() {
    Alert full = alert("a1", NOW.plusNanos(123_456_000), Severity.HIGH, "PORT_SCAN", "10.0.0.1");
    Alert arp =
        new Alert(
            "a2", NOW, Severity.CRITICAL, "ARP_SPOOF", "arp", "claim", "10.0.0.254", null, null, null, null,
            "aa:bb:cc:dd:ee:ff", null, null, null, null);
    Instant received = NOW.plusSeconds(5);

    assertThat(store.append("agent-1", List.of(full, arp), received)).isEqualTo(2);

    List<StoredAlert> page = store.query(AlertQuery.all(10)).alerts();
    assertThat(page).containsExactly(
        new StoredAlert(full, "agent-1", received), new StoredAlert(arp, "agent-1", received));
  }

  @Test
  void retryingABatchAddsNothingAndKeepsTheCountsRight() {
    List<Alert> batch = List.of(simple("a1", NOW), simple("a2", NOW), simple("a3", NOW));
    assertThat(store.append("agent-1", batch, NOW)).isEqualTo(3);

    assertThat(store.append("agent-1", batch, NOW.plusSeconds(1))).isZero();
    assertThat(store.append("agent-1", List.of(simple("a3", NOW), simple("a4", NOW)), NOW)).isEqualTo(1);
    assertThat(store.append("agent-1", List.of(simple("a5", NOW), simple("a5", NOW)), NOW)).isEqualTo(1);

    assertThat(ids(AlertQuery.all(100))).containsExactlyInAnyOrder("a1", "a2", "a3", "a4", "a5");
    StoreStats stats = store.stats(NOW);
    assertThat(stats.total()).isEqualTo(5);
    assertThat(stats.bySeverity()).isEqualTo(Map.of("LOW", 5L));
    assertThat(stats.topSources()).containsExactly(new StoreStats.SourceCount("10.0.0.1", 5));
    assertThat(store.query(AlertQuery.all(10)).alerts())
        .filteredOn(a -> a.alert().id().equals("a1"))
        .extracting(StoredAlert::receivedAt)
        .containsExactly(NOW);
  }

  @Test
  void anEmptyBatchStoresNothing() {
    assertThat(store.append("agent-1", List.of(), NOW)).isZero();
    assertThat(store.stats(NOW).total()).isZero();
  }

  // ------------------------------------------------------------------ filters

  @Test
  void queryFiltersBySeverityCategoryAndAgent() {
    store.append("agent-1", List.of(
        alert("h1", NOW, Severity.HIGH, "PORT_SCAN", "10.0.0.1"),
        alert("l1", NOW, Severity.LOW, "DNS_TUNNEL", "10.0.0.2")), NOW);
    store.append("agent-2", List.of(
        alert("h2", NOW, Severity.HIGH, "DNS_TUNNEL", "10.0.0.3")), NOW);

    assertThat(ids(query(Severity.HIGH, null, null, null, null, null))).containsExactlyInAnyOrder("h1", "h2");
    assertThat(ids(query(null, "DNS_TUNNEL", null, null, null, null))).containsExactlyInAnyOrder("l1", "h2");
    assertThat(ids(query(null, null, "agent-2", null, null, null))).containsExactly("h2");
    assertThat(ids(query(Severity.HIGH, "DNS_TUNNEL", "agent-1", null, null, null))).isEmpty();
    assertThat(ids(query(Severity.LOW, "DNS_TUNNEL", "agent-1", null, null, null))).containsExactly("l1");
    assertThat(store.query(query(null, null, "agent-2", null, null, null)).alerts())
        .extracting(StoredAlert::agentId).containsOnly("agent-2");
  }

  @Test
  void fullTextSearchIsACaseInsensitiveSubstringOfCategoryMessageSourceAndHostname() {
    store.append("agent-1", List.of(
        withMessage("c", "DNS_TUNNEL", "x", "10.0.0.1", "alpha"),
        withMessage("m", "PORT_SCAN", "Host scanned 1000 PORTS", "10.0.0.2", "beta"),
        withMessage("s", "PORT_SCAN", "x", "172.16.99.7", "gamma"),
        withMessage("h", "PORT_SCAN", "x", "10.0.0.3", "Web-Server-01"),
        withMessage("p", "PORT_SCAN", "100% sure_thing", null, null)), NOW);

    assertThat(ids(query(null, null, null, "tunnel", null, null))).containsExactly("c");
    assertThat(ids(query(null, null, null, "ports", null, null))).containsExactly("m");
    assertThat(ids(query(null, null, null, "16.99", null, null))).containsExactly("s");
    assertThat(ids(query(null, null, null, "SERVER-0", null, null))).containsExactly("h");
    assertThat(ids(query(null, null, null, "0%", null, null))).containsExactly("p");
    assertThat(ids(query(null, null, null, "e_t", null, null))).containsExactly("p");
    assertThat(ids(query(null, null, null, "test-detector", null, null))).isEmpty();
    assertThat(ids(query(null, null, null, "port_scan", null, null))).containsExactlyInAnyOrder("m", "s", "h", "p");
  }

  @Test
  void sinceIsInclusiveAndUntilIsExclusiveOnTheAlertTimestamp() {
    store.append("agent-1", List.of(
        simple("t0", NOW.minusSeconds(120)),
        simple("t1", NOW.minusSeconds(60)),
        simple("t2", NOW),
        simple("t3", NOW.plusSeconds(60))), NOW.plusSeconds(3600));

    assertThat(ids(query(null, null, null, null, NOW.minusSeconds(60), NOW.plusSeconds(60))))
        .containsExactly("t2", "t1");
    assertThat(ids(query(null, null, null, null, NOW, null))).containsExactly("t3", "t2");
    assertThat(ids(query(null, null, null, null, null, NOW))).containsExactly("t1", "t0");
  }

  // ------------------------------------------------------------------ paging and streaming

  private List<Alert> manyAlerts(int n) {
    List<Alert> all = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      // Five alerts share each timestamp, so paging must break ties by id.
      Severity sev = Severity.values()[i % 4];
      all.add(alert(String.format("id-%04d", (i * 7919) % n), NOW.minusSeconds(i / 5), sev, "PORT_SCAN",
          "10.0.0." + (i % 7)));
    }
    return all;
  }

  @Test
  void cursorPagingWalksTwoHundredFiftyAlertsNewestFirstWithNoGapOrRepeat() {
    List<Alert> all = manyAlerts(250);
    for (int i = 0; i < all.size(); i += 50) {
      store.append("agent-1", all.subList(i, i + 50), NOW);
    }

    List<String> seen = new ArrayList<>();
    List<Integer> pageSizes = new ArrayList<>();
    AlertQuery q = AlertQuery.all(100);
    String cursor;
    do {
      AlertPage page = store.query(q);
      pageSizes.add(page.alerts().size());
      page.alerts().forEach(a -> seen.add(a.alert().id()));
      cursor = page.nextCursor();
      q = q.withCursor(cursor);
    } while (cursor != null);

    List<String> expected = all.stream().sorted(NEWEST_FIRST).map(Alert::id).toList();
    assertThat(pageSizes).containsExactly(100, 100, 50);
    assertThat(seen).containsExactlyElementsOf(expected);
  }

  @Test
  void cursorPagingKeepsTheFilters() {
    List<Alert> all = manyAlerts(250);
    store.append("agent-1", all, NOW);
    AlertQuery q = new AlertQuery(Severity.HIGH, null, null, null, null, null, 20, null);
    List<String> seen = new ArrayList<>();
    do {
      AlertPage page = store.query(q);
      page.alerts().forEach(a -> seen.add(a.alert().id()));
      q = page.nextCursor() == null ? null : q.withCursor(page.nextCursor());
    } while (q != null);

    assertThat(seen).containsExactlyElementsOf(
        all.stream().filter(a -> a.severity() == Severity.HIGH).sorted(NEWEST_FIRST).map(Alert::id).toList());
  }

  @Test
  void aPageThatEndsExactlyAtTheLastAlertHasNoNextCursor() {
    store.append("agent-1", List.of(simple("a", NOW), simple("b", NOW)), NOW);
    AlertPage page = store.query(AlertQuery.all(2));
    assertThat(page.alerts()).hasSize(2);
    assertThat(page.nextCursor()).isNull();
  }

  @Test
  void aForgedCursorIsRejected() {
    assertThatThrownBy(() -> store.query(AlertQuery.all(10).withCursor("not a cursor!")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.query(AlertQuery.all(10).withCursor("bm9jb2xvbg")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void forEachStreamsEveryMatchingAlertNewestFirst() {
    List<Alert> all = manyAlerts(1_500);
    for (int i = 0; i < all.size(); i += 500) {
      store.append("agent-1", all.subList(i, i + 500), NOW);
    }
    List<String> seen = new ArrayList<>();
    store.forEach(AlertQuery.all(10), a -> seen.add(a.alert().id()));
    assertThat(seen).containsExactlyElementsOf(all.stream().sorted(NEWEST_FIRST).map(Alert::id).toList());

    List<String> low = new ArrayList<>();
    store.forEach(query(Severity.LOW, null, null, null, null, null), a -> low.add(a.alert().id()));
    assertThat(low).containsExactlyElementsOf(
        all.stream().filter(a -> a.severity() == Severity.LOW).sorted(NEWEST_FIRST).map(Alert::id).toList());
  }

  // ------------------------------------------------------------------ stats

  @Test
  void statsCountKnownAlertsBySeverityCategoryWindowMinuteAndSource() {
    Alert arp =
        new Alert(
            "a4", NOW.minus(Duration.ofMinutes(20)), Severity.CRITICAL, "ARP_SPOOF", "arp", "claim", null, null,
            null, null, null, "aa:bb:cc:dd:ee:ff", null, null, null, null);
    store.append("agent-1", List.of(
        alert("a1", NOW.minus(Duration.ofMinutes(1)), Severity.HIGH, "PORT_SCAN", "10.0.0.1"),
        alert("a2", NOW.minus(Duration.ofMinutes(2)), Severity.HIGH, "PORT_SCAN", "10.0.0.1"),
        alert("a3", NOW.minus(Duration.ofMinutes(10)), Severity.LOW, "DNS_TUNNEL", "10.0.0.2"),
        arp,
        alert("a5", NOW.minus(Duration.ofMinutes(90)), Severity.MEDIUM, "PORT_SCAN", "10.0.0.1"),
        alert("a6", NOW.minus(Duration.ofMinutes(59)), Severity.LOW, "DNS_TUNNEL", "10.0.0.3"),
        alert("a7", NOW, Severity.MEDIUM, "SYN_FLOOD", "10.0.0.9"),
        alert("a8", NOW.plus(Duration.ofMinutes(5)), Severity.MEDIUM, "SYN_FLOOD", "10.0.0.9")), NOW);

    StoreStats stats = store.stats(NOW);

    assertThat(stats.at()).isEqualTo(NOW);
    assertThat(stats.total()).isEqualTo(8);
    assertThat(stats.bySeverity()).isEqualTo(Map.of("LOW", 2L, "MEDIUM", 3L, "HIGH", 2L, "CRITICAL", 1L));
    assertThat(stats.byCategory())
        .isEqualTo(Map.of("PORT_SCAN", 3L, "DNS_TUNNEL", 2L, "ARP_SPOOF", 1L, "SYN_FLOOD", 2L));
    assertThat(stats.recentBySeverity()).isEqualTo(Map.of("LOW", 1L, "MEDIUM", 1L, "HIGH", 2L));
    Long[] timeline = new Long[60];
    java.util.Arrays.fill(timeline, 0L);
    timeline[0] = 1L; // a6, 59 minutes ago
    timeline[39] = 1L; // a4, 20 minutes ago
    timeline[49] = 1L; // a3
    timeline[57] = 1L; // a2
    timeline[58] = 1L; // a1
    timeline[59] = 1L; // a7, at now: the current minute
    assertThat(stats.timeline()).containsExactly(timeline);
    assertThat(stats.topSources()).containsExactly(
        new StoreStats.SourceCount("10.0.0.1", 3),
        new StoreStats.SourceCount("10.0.0.9", 2),
        new StoreStats.SourceCount("10.0.0.2", 1),
        new StoreStats.SourceCount("10.0.0.3", 1),
        new StoreStats.SourceCount("aa:bb:cc:dd:ee:ff", 1));
  }

  @Test
  void theWindowAndTheCurrentMinuteStopAtNowWhenNowIsMidMinute() {
    Instant now = NOW.plusSeconds(30); // 12:00:30; the window is [11:45:30, 12:00:30]
    store.append("agent-1", List.of(
        alert("before-window", NOW.minusSeconds(15 * 60 - 20), Severity.HIGH, "PORT_SCAN", "10.0.0.1"),
        alert("window-start", NOW.minusSeconds(15 * 60 - 30), Severity.HIGH, "PORT_SCAN", "10.0.0.1"),
        alert("edge-minute", NOW.minusSeconds(15 * 60 - 40), Severity.LOW, "PORT_SCAN", "10.0.0.1"),
        alert("whole-minute", NOW.minusSeconds(5 * 60), Severity.LOW, "PORT_SCAN", "10.0.0.1"),
        alert("this-minute", NOW.plusSeconds(10), Severity.CRITICAL, "PORT_SCAN", "10.0.0.1"),
        alert("at-now", now, Severity.CRITICAL, "PORT_SCAN", "10.0.0.1"),
        alert("after-now", NOW.plusSeconds(40), Severity.CRITICAL, "PORT_SCAN", "10.0.0.1")), NOW);

    StoreStats stats = store.stats(now);

    assertThat(stats.recentBySeverity()).isEqualTo(Map.of("HIGH", 1L, "LOW", 2L, "CRITICAL", 2L));
    assertThat(stats.timeline().get(59)).isEqualTo(2L); // this-minute and at-now, not after-now
    assertThat(stats.timeline().get(54)).isEqualTo(1L); // whole-minute, 11:55
    assertThat(stats.timeline().get(44)).isEqualTo(3L); // 11:45: before-window, window-start, edge-minute
    assertThat(stats.timeline().stream().mapToLong(Long::longValue).sum()).isEqualTo(6);
    assertThat(stats.total()).isEqualTo(7);
  }

  @Test
  void statsOfAnEmptyStoreAreZeros() {
    StoreStats stats = store.stats(NOW);
    assertThat(stats.total()).isZero();
    assertThat(stats.bySeverity()).isEmpty();
    assertThat(stats.timeline()).hasSize(60).containsOnly(0L);
    assertThat(stats.topSources()).isEmpty();
  }

  @Test
  void topSourcesKeepTheTenBiggestMostFirst() {
    List<Alert> batch = new ArrayList<>();
    for (int s = 1; s <= 12; s++) {
      for (int k = 0; k < s; k++) {
        batch.add(alert("s" + s + "-" + k, NOW, Severity.LOW, "PORT_SCAN", "10.1.0." + s));
      }
    }
    store.append("agent-1", batch, NOW);

    assertThat(store.stats(NOW).topSources())
        .extracting(StoreStats.SourceCount::source)
        .containsExactly("10.1.0.12", "10.1.0.11", "10.1.0.10", "10.1.0.9", "10.1.0.8", "10.1.0.7", "10.1.0.6",
            "10.1.0.5", "10.1.0.4", "10.1.0.3");
    assertThat(store.stats(NOW).topSources().get(0).alerts()).isEqualTo(12);
  }

  // ------------------------------------------------------------------ agents

  static AgentRecord agentRecord(String id, String host, Instant seen) {
    return new AgentRecord(id, host, "linux", "10.9.9.9", "1.0", seen, seen, 0, Map.of());
  }

  @Test
  void upsertRegistersAnAgentAndAnUpdateKeepsFirstSeenAndAlertCount() {
    AgentRecord first = store.upsertAgent(agentRecord("agent-1", "host-a", NOW));
    assertThat(first).isEqualTo(agentRecord("agent-1", "host-a", NOW));
    store.append("agent-1", List.of(simple("a1", NOW), simple("a2", NOW)), NOW);

    AgentRecord updated = store.upsertAgent(
        new AgentRecord("agent-1", "host-b", "windows", "10.9.9.8", "1.1", NOW.plusSeconds(99),
            NOW.plusSeconds(100), 0, Map.of()));

    assertThat(updated).isEqualTo(new AgentRecord(
        "agent-1", "host-b", "windows", "10.9.9.8", "1.1", NOW, NOW.plusSeconds(100), 2, Map.of()));
    assertThat(store.agent("agent-1")).contains(updated);
    assertThat(store.agentCount()).isEqualTo(1);
  }

  @Test
  void heartbeatUpdatesAKnownAgentAndRefusesAnUnknownOne() {
    store.upsertAgent(agentRecord("agent-1", "host-a", NOW));

    assertThat(store.heartbeat("agent-1", NOW.plusSeconds(30), Map.of("packets", 1234L, "drops", 0L))).isTrue();
    assertThat(store.heartbeat("ghost", NOW.plusSeconds(30), Map.of())).isFalse();

    AgentRecord a = store.agent("agent-1").orElseThrow();
    assertThat(a.lastSeen()).isEqualTo(NOW.plusSeconds(30));
    assertThat(a.firstSeen()).isEqualTo(NOW);
    assertThat(a.lastStats()).isEqualTo(Map.of("packets", 1234L, "drops", 0L));
    assertThat(store.agent("ghost")).isEmpty();
    assertThat(store.agentCount()).isEqualTo(1);
  }

  @Test
  void agentsAreListedByIdWithTheirAlertCounts() {
    store.append("agent-2", List.of(simple("early", NOW)), NOW);
    store.upsertAgent(agentRecord("agent-2", "host-2", NOW));
    store.upsertAgent(agentRecord("agent-1", "host-1", NOW));
    store.append("agent-1", List.of(simple("a1", NOW), simple("a2", NOW)), NOW);
    store.append("agent-1", List.of(simple("a2", NOW), simple("a3", NOW)), NOW);
    store.append("agent-2", List.of(simple("b1", NOW)), NOW);

    assertThat(store.agents())
        .extracting(AgentRecord::id, AgentRecord::hostname, AgentRecord::alertCount)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("agent-1", "host-1", 3L),
            org.assertj.core.groups.Tuple.tuple("agent-2", "host-2", 2L));
    assertThat(store.agentCount()).isEqualTo(2);
  }

  // ------------------------------------------------------------------ purge

  @Test
  void purgeDeletesAlertsReceivedBeforeTheCutoffAndUpdatesTheCounts() {
    store.upsertAgent(agentRecord("agent-1", "host-1", NOW));
    Instant old = NOW.minus(Duration.ofDays(40));
    // The alert timestamp does not matter: retention goes by the time the server received the alert.
    store.append("agent-1", List.of(
        alert("old1", NOW, Severity.HIGH, "PORT_SCAN", "10.0.0.1"),
        alert("old2", NOW, Severity.LOW, "DNS_TUNNEL", "10.0.0.2")), old);
    store.append("agent-1", List.of(alert("new1", old, Severity.HIGH, "PORT_SCAN", "10.0.0.1")), NOW);

    assertThat(store.purgeBefore(NOW.minus(Duration.ofDays(30)))).isEqualTo(2);

    assertThat(ids(AlertQuery.all(10))).containsExactly("new1");
    StoreStats stats = store.stats(NOW);
    assertThat(stats.total()).isEqualTo(1);
    assertThat(stats.bySeverity()).isEqualTo(Map.of("HIGH", 1L));
    assertThat(stats.byCategory()).isEqualTo(Map.of("PORT_SCAN", 1L));
    assertThat(stats.topSources()).containsExactly(new StoreStats.SourceCount("10.0.0.1", 1));
    assertThat(stats.recentBySeverity()).isEmpty();
    assertThat(stats.timeline()).containsOnly(0L);
    assertThat(store.stats(old).timeline().get(59)).isEqualTo(1L);
    assertThat(store.agent("agent-1").orElseThrow().alertCount()).isEqualTo(1);
    assertThat(store.purgeBefore(NOW.minus(Duration.ofDays(30)))).isZero();
  }

  // ------------------------------------------------------------------ threads

  @Test
  void theSameBatchRetriedConcurrentlyInOppositeOrdersIsStoredOnceWithoutFailing() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 10; round++) {
        List<Alert> batch = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
          batch.add(simple("r" + round + "-" + i, NOW));
        }
        List<Alert> reversed = new ArrayList<>(batch);
        java.util.Collections.reverse(reversed);
        Future<Integer> one = pool.submit(() -> store.append("agent-1", batch, NOW));
        Future<Integer> two = pool.submit(() -> store.append("agent-1", reversed, NOW));
        assertThat(one.get() + two.get()).isEqualTo(100);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(store.stats(NOW).total()).isEqualTo(1000);
  }

  @Test
  void concurrentAppendsOfOverlappingBatchesStoreEachAlertOnce() throws Exception {
    store.upsertAgent(agentRecord("agent-1", "host-1", NOW));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        results.add(pool.submit(() -> {
          int added = 0;
          for (int b = 0; b < 20; b++) {
            List<Alert> batch = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
              batch.add(simple("c-" + b + "-" + i, NOW.plusSeconds(b)));
            }
            added += store.append("agent-1", batch, NOW);
            store.query(AlertQuery.all(5));
          }
          return added;
        }));
      }
      int sum = 0;
      for (Future<Integer> f : results) {
        sum += f.get();
      }
      assertThat(sum).isEqualTo(200);
    } finally {
      pool.shutdownNow();
    }
    assertThat(store.stats(NOW).total()).isEqualTo(200);
    assertThat(store.agent("agent-1").orElseThrow().alertCount()).isEqualTo(200);
    Set<String> all = new HashSet<>();
    store.forEach(AlertQuery.all(1), a -> all.add(a.alert().id()));
    assertThat(all).hasSize(200);
  }
}
