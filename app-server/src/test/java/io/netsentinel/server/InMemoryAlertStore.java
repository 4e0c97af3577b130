package io.netsentinel.server;

import io.netsentinel.api.Alert;
import io.netsentinel.store.AgentRecord;
import io.netsentinel.store.AlertPage;
import io.netsentinel.store.AlertQuery;
import io.netsentinel.store.AlertStore;
import io.netsentinel.store.StoreStats;
import io.netsentinel.store.StoredAlert;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/** A test store in memory: the same contract as the durable one, none of its durability. */
final class InMemoryAlertStore implements AlertStore {
  private static final Comparator<StoredAlert> NEWEST_FIRST = Comparator
      .comparing((StoredAlert a) -> a.alert().timestamp()).thenComparing(a -> a.alert().id()).reversed();

  private final List<StoredAlert> alerts = new ArrayList<>();
  private final Set<String> ids = new HashSet<>();
  private final Map<String, AgentRecord> agents = new LinkedHashMap<>();
  volatile boolean closed;

  @Override
  public synchronized int append(String agentId, List<Alert> batch, Instant receivedAt) {
    int added = 0;
    for (Alert a : batch) {
      if (ids.add(a.id())) {
        alerts.add(new StoredAlert(a, agentId, receivedAt));
        added++;
      }
    }
    AgentRecord r = agents.get(agentId);
    if (r != null) {
      agents.put(agentId, new AgentRecord(r.id(), r.hostname(), r.os(), r.ip(), r.version(), r.firstSeen(),
          r.lastSeen(), r.alertCount() + added, r.lastStats()));
    }
    return added;
  }

  synchronized List<StoredAlert> all() {
    return List.copyOf(alerts);
  }

  private synchronized List<StoredAlert> matching(AlertQuery q) {
    List<StoredAlert> out = new ArrayList<>();
    for (StoredAlert s : alerts) {
      Alert a = s.alert();
      if (q.severity() != null && a.severity() != q.severity()
          || q.category() != null && !a.category().equals(q.category())
          || q.agentId() != null && !s.agentId().equals(q.agentId())
          || q.since() != null && a.timestamp().isBefore(q.since())
          || q.until() != null && !a.timestamp().isBefore(q.until())) {
        continue;
      }
      if (q.q() != null) {
        String needle = q.q().toLowerCase(Locale.ROOT);
        String hay = (a.category() + " " + a.message() + " " + a.srcIp() + " " + a.hostname()).toLowerCase(Locale.ROOT);
        if (!hay.contains(needle)) {
          continue;
        }
      }
      out.add(s);
    }
    out.sort(NEWEST_FIRST);
    return out;
  }

  @Override
  public AlertPage query(AlertQuery q) {
    List<StoredAlert> all = matching(q);
    int start = 0;
    if (q.cursor() != null) {
      try {
        start = Integer.parseInt(q.cursor());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("cursor: not a cursor of this store");
      }
    }
    int end = Math.min(all.size(), start + q.limit());
    return new AlertPage(all.subList(Math.min(start, end), end), end < all.size() ? Integer.toString(end) : null);
  }

  @Override
  public void forEach(AlertQuery q, Consumer<StoredAlert> each) {
    matching(q).forEach(each);
  }

  @Override
  public synchronized StoreStats stats(Instant now) {
    Map<String, Long> bySeverity = new TreeMap<>();
    Map<String, Long> byCategory = new TreeMap<>();
    Map<String, Long> recent = new TreeMap<>();
    Map<String, Long> sources = new TreeMap<>();
    List<Long> timeline = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      timeline.add(0L);
    }
    for (StoredAlert s : alerts) {
      Alert a = s.alert();
      bySeverity.merge(a.severity().name(), 1L, Long::sum);
      byCategory.merge(a.category(), 1L, Long::sum);
      if (!a.timestamp().isBefore(now.minus(Duration.ofMinutes(15)))) {
        recent.merge(a.severity().name(), 1L, Long::sum);
      }
      long minutesAgo = Duration.between(a.timestamp(), now).toMinutes();
      if (minutesAgo >= 0 && minutesAgo < 60) {
        timeline.set(59 - (int) minutesAgo, timeline.get(59 - (int) minutesAgo) + 1);
      }
      if (a.srcIp() != null) {
        sources.merge(a.srcIp(), 1L, Long::sum);
      }
    }
    List<StoreStats.SourceCount> top = sources.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(10)
        .map(e -> new StoreStats.SourceCount(e.getKey(), e.getValue())).toList();
    return new StoreStats(bySeverity, byCategory, recent, timeline, top, alerts.size(), now);
  }

  @Override
  public synchronized AgentRecord upsertAgent(AgentRecord agent) {
    agents.put(agent.id(), agent);
    return agent;
  }

  @Override
  public synchronized boolean heartbeat(String agentId, Instant at, Map<String, Long> stats) {
    AgentRecord r = agents.get(agentId);
    if (r == null) {
      return false;
    }
    agents.put(agentId, new AgentRecord(r.id(), r.hostname(), r.os(), r.ip(), r.version(), r.firstSeen(), at,
        r.alertCount(), stats));
    return true;
  }

  @Override
  public synchronized Optional<AgentRecord> agent(String agentId) {
    return Optional.ofNullable(agents.get(agentId));
  }

  @Override
  public synchronized List<AgentRecord> agents() {
    return List.copyOf(agents.values());
  }

  @Override
  public synchronized int agentCount() {
    return agents.size();
  }

  @Override
  public synchronized int purgeBefore(Instant cutoff) {
    int before = alerts.size();
    alerts.removeIf(s -> s.receivedAt().isBefore(cutoff));
    return before - alerts.size();
  }

  @Override
  public void close() {
    closed = true;
  }
}
