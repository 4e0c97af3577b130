package io.netsentinel.engine;

import io.netsentinel.api.Alert;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * An alert that passed its detector's cooldown but has no id and sensor identity yet. The id depends on how many
 * alerts came before it in the run, so {@link AlertStamper} gives it once the alerts of every worker are in their
 * final order. {@code draft} is the alert as the detector made it (validated when it was emitted), with a placeholder
 * id.
 *
 * @param order where the alert falls among those of the same batch: the packet's slot, the phase and the detector's
 *     index, packed by {@link #order(int, int, int)}; alerts of equal order keep the order they were emitted in
 */
record PendingAlert(long order, long nowNanos, String cooldownKey, Alert draft) {
  static final String PLACEHOLDER_ID = "pending";

  /** Phases within one packet slot, in the order a single worker runs them. */
  static final int PHASE_BEFORE = 0;
  static final int PHASE_INSPECT = 1;
  static final int PHASE_AFTER = 2;

  static long order(int slot, int phase, int detectorIndex) {
    return ((long) slot << 32) | ((long) phase << 24) | detectorIndex;
  }

  /** The final alert: its id is derived from its identity and its place {@code sequence} in the run. */
  Alert stamp(long sequence, String agentId, String hostname, String os) {
    Alert a = draft;
    String seed = agentId + '|' + a.detector() + '|' + a.category() + '|' + cooldownKey + '|' + nowNanos + '|'
        + sequence;
    String id = UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString();
    return new Alert(id, a.timestamp(), a.severity(), a.category(), a.detector(), a.message(), a.srcIp(),
        a.srcPort(), a.destIp(), a.destPort(), a.proto(), a.srcMac(), agentId, hostname, os, a.attributes());
  }
}
