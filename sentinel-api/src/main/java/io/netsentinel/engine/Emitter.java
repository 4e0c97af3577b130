package io.netsentinel.engine;

import io.netsentinel.api.Alert;
import io.netsentinel.api.AlertDraft;
import io.netsentinel.api.AlertEmitter;
import io.netsentinel.api.PacketView;
import io.netsentinel.api.Severity;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The worker's {@link AlertEmitter}: stamps alerts with packet time, a deterministic id and the sensor identity,
 * applies the cooldown, and hands what passes to the dispatcher.
 */
final class Emitter implements AlertEmitter {
  private final Cooldown cooldown;
  private final Consumer<Alert> out;
  private final String agentId;
  private final String hostname;
  private final String os;
  private final long[] alertsByDetector;
  private final String[] detectorIds;

  private int current;
  private long nowNanos;
  private long sequence;
  private long alerts;
  private long suppressed;

  Emitter(Cooldown cooldown, Consumer<Alert> out, String[] detectorIds, String agentId, String hostname, String os) {
    this.cooldown = cooldown;
    this.out = out;
    this.detectorIds = detectorIds;
    this.alertsByDetector = new long[detectorIds.length];
    this.agentId = agentId;
    this.hostname = hostname;
    this.os = os;
  }

  void select(int detectorIndex) {
    current = detectorIndex;
  }

  void now(long packetTimeNanos) {
    nowNanos = packetTimeNanos;
  }

  @Override
  public long packetTimeNanos() {
    return nowNanos;
  }

  @Override
  public AlertDraft alert(String category, Severity severity) {
    return new Draft(category, severity, current);
  }

  @Override
  public boolean heldBack(String category, String cooldownKey) {
    if (!cooldown.holdBack(category + '\u0000' + cooldownKey, nowNanos)) {
      return false;
    }
    suppressed++;
    return true;
  }

  long alerts() {
    return alerts;
  }

  long suppressed() {
    return suppressed;
  }

  long alertsOf(int detectorIndex) {
    return alertsByDetector[detectorIndex];
  }

  private final class Draft implements AlertDraft {
    private final String category;
    private final Severity severity;
    private final int detector;
    private String message;
    private String srcIp;
    private Integer srcPort;
    private String destIp;
    private Integer destPort;
    private String proto;
    private String srcMac;
    private String key;
    private final Map<String, String> attributes = new TreeMap<>();
    private boolean emitted;

    Draft(String category, Severity severity, int detector) {
      this.category = category;
      this.severity = severity;
      this.detector = detector;
    }

    @Override
    public AlertDraft message(String text) {
      this.message = text;
      return this;
    }

    @Override
    public AlertDraft from(PacketView p) {
      srcIp = p.srcAddressText();
      destIp = p.dstAddressText();
      srcPort = p.srcPort() >= 0 ? p.srcPort() : null;
      destPort = p.dstPort() >= 0 ? p.dstPort() : null;
      proto = p.protocolName();
      return this;
    }

    @Override
    public AlertDraft src(String ip, Integer port) {
      srcIp = ip;
      srcPort = port;
      return this;
    }

    @Override
    public AlertDraft dest(String ip, Integer port) {
      destIp = ip;
      destPort = port;
      return this;
    }

    @Override
    public AlertDraft proto(String value) {
      proto = value;
      return this;
    }

    @Override
    public AlertDraft srcMac(String mac) {
      srcMac = mac;
      return this;
    }

    @Override
    public AlertDraft attribute(String name, String value) {
      attributes.put(name, value);
      return this;
    }

    @Override
    public AlertDraft cooldownKey(String value) {
      key = value;
      return this;
    }

    @Override
    public boolean emit() {
      if (emitted) {
        throw new IllegalStateException("alert draft emitted twice by detector " + detectorIds[detector]);
      }
      emitted = true;
      String k = key != null ? key : srcIp != null ? srcIp : srcMac != null ? srcMac : "";
      long repeats = cooldown.admit(category + '\u0000' + k, nowNanos);
      if (repeats < 0) {
        suppressed++;
        return false;
      }
      if (repeats > 0) {
        attributes.put("suppressed_count", Long.toString(repeats));
      }
      String detectorId = detectorIds[detector];
      long seq = sequence++;
      String seed = agentId + '|' + detectorId + '|' + category + '|' + k + '|' + nowNanos + '|' + seq;
      String id = UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString();
      Alert alert =
          new Alert(
              id,
              Instant.ofEpochSecond(0, nowNanos),
              severity,
              category,
              detectorId,
              message != null ? message : category,
              srcIp,
              srcPort,
              destIp,
              destPort,
              proto,
              srcMac,
              agentId,
              hostname,
              os,
              attributes);
      alerts++;
      alertsByDetector[detector]++;
      out.accept(alert);
      return true;
    }
  }
}
