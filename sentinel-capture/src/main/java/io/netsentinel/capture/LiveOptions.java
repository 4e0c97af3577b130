package io.netsentinel.capture;

import io.netsentinel.api.Settings;
import io.netsentinel.api.SettingsException;

/**
 * How to open a live capture.
 *
 * @param iface the interface name, or null for the first interface that is up, not loopback, and has an address
 * @param filter a BPF expression, or null for none
 * @param snaplen the most bytes kept of each frame
 * @param promiscuous whether to put the interface in promiscuous mode
 * @param immediate whether libpcap wakes the reader for each packet instead of once a kernel block is full or the
 *     read timeout has passed; off by default, since a wake-up per packet costs more than the packet at high rates
 * @param bufferSize the kernel capture buffer in bytes: 32 MiB by default, about a sixth of a second of IMIX at
 *     500 k packets/s (some 430 bytes a packet in the ring), enough to ride out a GC pause or a slow batch; the ring
 *     is mapped into the process, so it counts in full towards the agent's resident memory
 * @param timeoutMillis how long one read waits for packets before {@code next} checks for a stop and waits again
 */
public record LiveOptions(
    String iface,
    String filter,
    int snaplen,
    boolean promiscuous,
    boolean immediate,
    int bufferSize,
    int timeoutMillis) {

  public static final int DEFAULT_SNAPLEN = 65535;
  public static final int DEFAULT_BUFFER_SIZE = 32 << 20;
  public static final int DEFAULT_TIMEOUT_MILLIS = 100;
  public static final boolean DEFAULT_IMMEDIATE = false;

  public LiveOptions {
    if (iface != null && iface.isBlank()) {
      iface = null;
    }
    if (filter != null && filter.isBlank()) {
      filter = null;
    }
    if (snaplen < 64 || snaplen > 262144) {
      throw new SettingsException("sources.pcap-live snaplen must be 64..262144, was " + snaplen);
    }
    if (bufferSize < 65536) {
      throw new SettingsException("sources.pcap-live buffer_size must be at least 65536 bytes, was " + bufferSize);
    }
    if (timeoutMillis < 1 || timeoutMillis > 10_000) {
      throw new SettingsException("sources.pcap-live timeout_ms must be 1..10000, was " + timeoutMillis);
    }
  }

  /** The defaults, capturing on {@code iface} (null for the default interface). */
  public static LiveOptions defaults(String iface) {
    return new LiveOptions(iface, null, DEFAULT_SNAPLEN, true, DEFAULT_IMMEDIATE, DEFAULT_BUFFER_SIZE,
        DEFAULT_TIMEOUT_MILLIS);
  }

  /** Reads {@code iface}, {@code filter}, {@code snaplen}, {@code promiscuous}, {@code immediate}, {@code buffer_size}
   * and {@code timeout_ms}. */
  public static LiveOptions from(Settings settings) {
    long buffer = settings.getLong("buffer_size", DEFAULT_BUFFER_SIZE);
    if (buffer > Integer.MAX_VALUE) {
      throw new SettingsException("sources.pcap-live buffer_size must be below 2 GiB, was " + buffer);
    }
    return new LiveOptions(
        settings.getString("iface", null),
        settings.getString("filter", null),
        settings.getInt("snaplen", DEFAULT_SNAPLEN),
        settings.getBoolean("promiscuous", true),
        settings.getBoolean("immediate", DEFAULT_IMMEDIATE),
        (int) buffer,
        settings.getInt("timeout_ms", DEFAULT_TIMEOUT_MILLIS));
  }

  /** The same options on another interface ({@code --iface} over the config's {@code iface}). */
  public LiveOptions withInterface(String value) {
    return new LiveOptions(value, filter, snaplen, promiscuous, immediate, bufferSize, timeoutMillis);
  }

  public LiveOptions withFilter(String value) {
    return new LiveOptions(iface, value, snaplen, promiscuous, immediate, bufferSize, timeoutMillis);
  }
}
