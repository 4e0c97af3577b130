package io.netsentinel.transport;

import io.netsentinel.api.Settings;
import io.netsentinel.api.SettingsException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The transport's settings, from the {@code sinks.tls} section with the top level as fallback: where the server is,
 * the key, the CA to trust, and how to batch and spool.
 *
 * @param url the server's base URL ({@code url}, or {@code https://server_host:server_port})
 * @param caCert the only CA the client trusts ({@code ca_cert})
 * @param clientCert optional client certificate for mutual TLS ({@code client_cert}, with {@code client_key})
 * @param insecure skip server verification (the agent's {@code --insecure}); loudly warned
 */
record TransportConfig(
    String url,
    String apiKey,
    Path caCert,
    Path clientCert,
    Path clientKey,
    boolean insecure,
    Path spoolDir,
    long spoolMaxBytes,
    Spool.Fsync fsync,
    int batchMaxAlerts,
    long batchMaxDelayNanos,
    long closeTimeoutNanos,
    long heartbeatNanos) {

  static TransportConfig from(Settings s) {
    String url = s.has("url") ? s.getString("url") : "https://" + host(s.getString("server_host")) + ":"
        + s.getInt("server_port");
    if (!url.startsWith("https://") && !url.startsWith("http://")) {
      throw new SettingsException("url: expected an https:// URL, got \"" + url + "\"");
    }
    while (url.endsWith("/")) {
      url = url.substring(0, url.length() - 1);
    }
    String fsync = s.getString("spool_fsync", "batch").toUpperCase(Locale.ROOT);
    Spool.Fsync policy;
    try {
      policy = Spool.Fsync.valueOf(fsync);
    } catch (IllegalArgumentException e) {
      throw new SettingsException("spool_fsync: expected always, batch or never, got \"" + fsync.toLowerCase(Locale.ROOT)
          + "\"");
    }
    return new TransportConfig(
        url,
        s.getString("api_key"),
        s.getPath("ca_cert"),
        s.has("client_cert") ? s.getPath("client_cert", "") : null,
        s.has("client_key") ? s.getPath("client_key", "") : null,
        s.getBoolean("insecure", false),
        s.has("spool_dir") ? s.getPath("spool_dir", "spool") : s.getPath("data_dir").resolve("spool"),
        s.getLong("spool_max_bytes", 256L * 1024 * 1024),
        policy,
        s.getInt("batch_max_alerts", 200),
        s.getDurationNanos("batch_max_delay", 1.0),
        s.getDurationNanos("close_timeout", 5.0),
        s.getDurationNanos("heartbeat_interval", 30.0));
  }

  private static String host(String h) {
    return h.indexOf(':') >= 0 && !h.startsWith("[") ? "[" + h + "]" : h;
  }
}
