package io.netsentinel.engine;

import io.netsentinel.api.Alert;
import io.netsentinel.api.AlertDraft;
import io.netsentinel.api.AlertEmitter;
import io.netsentinel.api.PacketView;
import io.netsentinel.api.Severity;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * One detector's {@link AlertEmitter}: stamps alerts with packet time, applies the detector's cooldown, and hands what
 * passes, in the order the detector emits it, to the worker running the detector (which gives ids once the alerts of
 * every detector are in order). Each detector has its own, so a detector's alerts never depend on which thread runs
 * it or what other detectors raised.
 */
final class Emitter implements AlertEmitter {
  private final Cooldown cooldown;
  private final String detectorId;
  private final int detectorIndex;

  private Consumer<PendingAlert> out;
  private long nowNanos;
  private long order;
  private volatile long alerts;
  private volatile long suppressed;

  Emitter(Cooldown cooldown, String detectorId, int detectorIndex) {
    this.cooldown = cooldown;
    this.detectorId = detectorId;
    this.detectorIndex = detectorIndex;
  }

  /** Where the next alerts go, at packet time {@code packetTimeNanos}, in which slot and phase of the batch. */
  void at(Consumer<PendingAlert> sink, long packetTimeNanos, int slot, int phase) {
    out = sink;
    nowNanos = packetTimeNanos;
    order = PendingAlert.order(slot, phase, detectorIndex);
  }

  /** A new timeline: the cooldown forgets every key. */
  void clearCooldown() {
    cooldown.clear();
  }

  @Override
  public long packetTimeNanos() {
    return nowNanos;
  }

  @Override
  public AlertDraft alert(String category, Severity severity) {
    return new Draft(category, severity);
  }

  @Override
  public boolean heldBack(String category, String cooldownKey) {
    if (!cooldown.holdBack(category + '\u0000' + cooldownKey, nowNanos)) {
      return false;
    }
    suppressed++;
    return true;
  }

  /** Alerts that passed the cooldown so far; any thread. */
  long alerts() {
    return alerts;
  }

  /** Alerts the cooldown held back so far; any thread. */
  long suppressed() {
    return suppressed;
  }

  private final class Draft implements AlertDraft {
    private final String category;
    private final Severity severity;
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

    Draft(String category, Severity severity) {
      this.category = category;
      this.severity = severity;
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
        throw new IllegalStateException("alert draft emitted twice by detector " + detectorId);
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
      Alert draft = new Alert(PendingAlert.PLACEHOLDER_ID, Instant.ofEpochSecond(0, nowNanos), severity, category,
          detectorId, message != null ? message : category, srcIp, srcPort, destIp, destPort, proto, srcMac, null,
          null, null, attributes);
      alerts++;
      out.accept(new PendingAlert(order, nowNanos, k, draft));
      return true;
    }
  }
}
