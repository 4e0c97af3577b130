package io.netsentinel.api;

/**
 * An alert being built by a detector. Set what applies, then call {@link #emit()}. The timestamp, id and detector id
 * are filled in by the engine.
 */
public interface AlertDraft {

  AlertDraft message(String message);

  /**
   * Copies the addresses, ports and protocol of {@code packet}, seen from its sender: the packet's source becomes the
   * alert's source. Use {@link #src} and {@link #dest} afterwards to turn it around when the actor is the receiver.
   */
  AlertDraft from(PacketView packet);

  AlertDraft src(String ip, Integer port);

  AlertDraft dest(String ip, Integer port);

  AlertDraft proto(String proto);

  AlertDraft srcMac(String mac);

  AlertDraft attribute(String key, String value);

  /**
   * The cooldown key within the category. Defaults to the source IP (or the source MAC when there is no IP): one alert
   * per (category, source) per cooldown. A detector that should alert per (source, destination, port), say, passes a
   * key made of those.
   */
  AlertDraft cooldownKey(String key);

  /** Sends the alert. Returns false when the cooldown suppressed it. */
  boolean emit();
}
