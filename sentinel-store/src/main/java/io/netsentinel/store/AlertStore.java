package io.netsentinel.store;

import io.netsentinel.api.Alert;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The server's durable store of alerts and agents. Every method is thread-safe. A method that stores something
 * returns only after the transaction has committed, so an acknowledged alert survives a crash of the server.
 */
public interface AlertStore extends AutoCloseable {

  /**
   * Stores the alerts an agent sent, skipping any whose id is already stored (agents retry, so a batch may repeat).
   *
   * @return how many of them were new
   */
  int append(String agentId, List<Alert> alerts, Instant receivedAt);

  /** One page of alerts, newest first, matching the query. */
  AlertPage query(AlertQuery query);

  /** Every alert matching the query, newest first, one at a time: for exports that must not load the store. */
  void forEach(AlertQuery query, Consumer<StoredAlert> each);

  /** The dashboard's numbers at {@code now}. */
  StoreStats stats(Instant now);

  /** Registers a new agent or updates a known one (by id); returns the stored record. */
  AgentRecord upsertAgent(AgentRecord agent);

  /** Records a heartbeat; false when the agent is unknown. */
  boolean heartbeat(String agentId, Instant at, Map<String, Long> stats);

  Optional<AgentRecord> agent(String agentId);

  List<AgentRecord> agents();

  int agentCount();

  /** Deletes alerts received before {@code cutoff}; returns how many. */
  int purgeBefore(Instant cutoff);

  @Override
  void close();
}
