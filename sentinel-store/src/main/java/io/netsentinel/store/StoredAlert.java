package io.netsentinel.store;

import io.netsentinel.api.Alert;
import java.time.Instant;

/** An alert as stored: the alert, the agent that sent it, and when the server received it. */
public record StoredAlert(Alert alert, String agentId, Instant receivedAt) {}
