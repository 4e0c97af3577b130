package io.netsentinel.api;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One alert, immutable. Its JSON form ({@link AlertJson}) is the wire format, the {@code --json} output and the export
 * format. The source of an alert is the actor: the scanner, the flooder, the host that sent data out or queried the
 * name, or the IP and MAC that made an ARP claim.
 *
 * <p>Optional fields are null when they do not apply (ports for ARP, the MAC for IP alerts, the agent fields for an
 * embedded engine without an identity).
 */
public record Alert(
    String id,
    Instant timestamp,
    Severity severity,
    String category,
    String detector,
    String message,
    String srcIp,
    Integer srcPort,
    String destIp,
    Integer destPort,
    String proto,
    String srcMac,
    String agentId,
    String hostname,
    String os,
    Map<String, String> attributes) {

  public Alert {
    requireText(id, "id");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(severity, "severity");
    if (!Categories.isValid(category)) {
      throw new IllegalArgumentException("category must match [A-Z0-9_]{1,64}, got: " + category);
    }
    requireText(detector, "detector");
    Objects.requireNonNull(message, "message");
    checkPort(srcPort, "src_port");
    checkPort(destPort, "dest_port");
    attributes =
        attributes == null || attributes.isEmpty()
            ? Map.of()
            : Collections.unmodifiableMap(new TreeMap<>(attributes));
  }

  private static void requireText(String value, String name) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(name + " must not be empty");
    }
  }

  private static void checkPort(Integer port, String name) {
    if (port != null && (port < 0 || port > 65535)) {
      throw new IllegalArgumentException(name + " must be 0-65535, got " + port);
    }
  }
}
